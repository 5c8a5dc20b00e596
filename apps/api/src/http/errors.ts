import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { formBackFor } from "./answer.ts";
import type { AppEnv } from "./context.ts";

/** The one error shape every endpoint answers with. */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    requestId: string;
    /** For invalid input: a message per field, to show next to it. */
    fields?: Record<string, string>;
  };
}

/** An error meant for the person making the request: its message says what to do. */
export class ApiError extends Error {
  override name = "ApiError";
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly headers: Record<string, string>;
  readonly fields: Record<string, string> | undefined;

  constructor(
    status: ContentfulStatusCode,
    code: string,
    message: string,
    headers: Record<string, string> = {},
    fields?: Record<string, string>,
  ) {
    // An answer to the person, not a fault in the code: capturing a stack trace would only cost time.
    const stackTraceLimit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = stackTraceLimit;
    this.status = status;
    this.code = code;
    this.headers = headers;
    this.fields = fields;
  }
}

export function errorResponse(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  headers: Record<string, string> = {},
  fields?: Record<string, string>,
) {
  const body: ErrorBody = {
    error: { code, message, requestId: c.get("requestId") ?? "unknown", ...(fields && { fields }) },
  };
  return c.json(body, status, headers);
}

/**
 * `app.onError`: known errors keep their status, and a plain HTML form goes back to the page its route
 * named (see `formErrorsTo`); anything else is a 500 that hides its details.
 */
export async function handleError(error: Error, c: Context<AppEnv>) {
  if (error instanceof ApiError) {
    const back = await formBackFor(c, error);
    if (back !== undefined) return c.redirect(back, 303);
    return errorResponse(c, error.status, error.code, error.message, error.headers, error.fields);
  }
  if (error instanceof HTTPException) {
    const status = error.status;
    if (status === 413) return errorResponse(c, 413, "payload_too_large", "The request body is too large.");
    return errorResponse(c, status, "http_error", error.message || "The request could not be handled.");
  }
  if (isDatabaseUnavailable(error)) {
    c.get("services")?.logger.error(
      { requestId: c.get("requestId"), method: c.req.method, path: c.req.path, cause: describeCause(error) },
      "database unavailable",
    );
    return errorResponse(
      c,
      503,
      "service_unavailable",
      "We can't reach our database for a moment. Nothing you sent was saved; please try again shortly.",
      { "retry-after": "5" },
    );
  }
  if (error instanceof SyntaxError) {
    return errorResponse(c, 400, "malformed_body", "The request body is not valid JSON.");
  }
  c.get("services")?.logger.error(
    { err: error, requestId: c.get("requestId"), method: c.req.method, path: c.req.path },
    "request failed",
  );
  return errorResponse(c, 500, "internal_error", "Something went wrong on our side. Please try again in a moment.");
}

export function handleNotFound(c: Context) {
  return errorResponse(c, 404, "not_found", `There is no ${c.req.method} ${c.req.path} endpoint.`);
}

/** Connection-level failures of PostgreSQL (a restart, a network cut): temporary, so 503 and retry. */
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08003",
  "08006",
]);

function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

function describeCause(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? (error as { code?: string }).code ?? "unknown";
}
