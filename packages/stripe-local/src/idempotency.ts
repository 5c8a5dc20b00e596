/**
 * Idempotent requests as Stripe handles them: a POST with an `Idempotency-Key` runs once; repeating it with
 * the same parameters replays the first response (marked `Idempotent-Replayed: true`), and reusing the key
 * for different parameters is a 400. As on Stripe, only requests that ran (a success or a card error) are
 * remembered; a request rejected by validation can be retried with the same key once fixed.
 */
import { StripeApiError } from "./errors.ts";
import type { FormObject } from "./form-encoding.ts";

const MAX_KEY_LENGTH = 255;
// The SDK sends a fresh key with every POST; bounding the records keeps a long dev session from growing forever.
const MAX_RECORDS = 10_000;

type IdempotencyRecord =
  | { state: "running"; fingerprint: string }
  | { state: "done"; fingerprint: string; status: number; body: string; requestId: string };

export interface IdempotencyCheck {
  /** A stored response to send again, or null when the request should run. */
  replay: Response | null;
  /** Call with the response once the request has run. */
  complete(response: Response, requestId: string): Promise<void>;
}

export interface IdempotencyStore {
  check(key: string, method: string, path: string, params: FormObject): IdempotencyCheck;
}

export function createIdempotencyStore(): IdempotencyStore {
  const records = new Map<string, IdempotencyRecord>();
  return {
    check(key, method, path, params) {
      if (key.length > MAX_KEY_LENGTH) {
        throw createIdempotencyError(400, `Idempotency keys must be at most ${MAX_KEY_LENGTH} characters long.`);
      }
      const fingerprint = `${method} ${path} ${stringifyCanonically(params)}`;
      const existing = records.get(key);
      if (existing !== undefined) {
        if (existing.fingerprint !== fingerprint) {
          throw createIdempotencyError(
            400,
            "Keys for idempotent requests can only be used with the same parameters they were first used with. " +
              `Try using a key other than '${key}' if you meant to execute a different request.`,
          );
        }
        if (existing.state === "running") {
          throw createIdempotencyError(
            409,
            "There is currently another in-progress request using this Idempotent Key (that probably means you " +
              `submitted twice, and the other request is still going through): ${key}. Please try again later.`,
          );
        }
        const replay = new Response(existing.body, {
          status: existing.status,
          headers: {
            "content-type": "application/json",
            "idempotency-key": key,
            "idempotent-replayed": "true",
            "request-id": existing.requestId,
          },
        });
        return { replay, complete: async () => {} };
      }
      records.set(key, { state: "running", fingerprint });
      return {
        replay: null,
        async complete(response, requestId) {
          const ran = (response.status >= 200 && response.status < 300) || response.status === 402;
          if (!ran) {
            records.delete(key);
            return;
          }
          const body = await response.clone().text();
          records.set(key, { state: "done", fingerprint, status: response.status, body, requestId });
          if (records.size > MAX_RECORDS) {
            const oldest = records.keys().next().value;
            if (oldest !== undefined) records.delete(oldest);
          }
        },
      };
    },
  };
}

function createIdempotencyError(status: 400 | 409, message: string): StripeApiError {
  return new StripeApiError({ status, type: "idempotency_error", message });
}

/** JSON with object keys sorted, so that the same parameters in another order count as the same request. */
function stringifyCanonically(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stringifyCanonically).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stringifyCanonically((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value);
}
