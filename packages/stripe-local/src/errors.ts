/**
 * Errors in Stripe's wire format: `{ "error": { "type", "message", "param", "code" } }`. The official SDK
 * turns these into its own error classes by status and `type`, so getting both right is what lets an app's
 * error handling be exercised locally.
 */

export type StripeErrorType = "api_error" | "card_error" | "idempotency_error" | "invalid_request_error";

export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  param?: string;
  code?: string;
  decline_code?: string;
  doc_url?: string;
}

export interface StripeErrorInit {
  status: 400 | 401 | 402 | 404 | 409 | 429 | 500;
  type: StripeErrorType;
  message: string;
  param?: string | undefined;
  code?: string | undefined;
  declineCode?: string | undefined;
}

export class StripeApiError extends Error {
  readonly status: StripeErrorInit["status"];
  readonly body: StripeErrorBody;

  constructor(init: StripeErrorInit) {
    super(init.message);
    this.name = "StripeApiError";
    this.status = init.status;
    this.body = { type: init.type, message: init.message };
    if (init.param !== undefined) this.body.param = init.param;
    if (init.code !== undefined) {
      this.body.code = init.code;
      this.body.doc_url = `https://stripe.com/docs/error-codes/${init.code.replaceAll("_", "-")}`;
    }
    if (init.declineCode !== undefined) this.body.decline_code = init.declineCode;
  }
}

/** 400 for a request that cannot be carried out as asked, naming the parameter at fault when there is one. */
export function createInvalidRequestError(message: string, param?: string, code?: string): StripeApiError {
  return new StripeApiError({ status: 400, type: "invalid_request_error", message, param, code });
}

export function createMissingParamError(param: string): StripeApiError {
  return createInvalidRequestError(`Missing required param: ${param}.`, param, "parameter_missing");
}

/**
 * "No such customer: 'cus_123'": a 404 for the object in the URL, a 400 for one named in a parameter
 * (`customer`, `line_items[0][price]`), as Stripe answers.
 */
export function createResourceMissingError(noun: string, id: string, param = "id"): StripeApiError {
  return new StripeApiError({
    status: param === "id" ? 404 : 400,
    type: "invalid_request_error",
    message: `No such ${noun}: '${id}'`,
    param,
    code: "resource_missing",
  });
}
