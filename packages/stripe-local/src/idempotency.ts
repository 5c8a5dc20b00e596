/**
 * Idempotent requests as Stripe handles them: a POST with an `Idempotency-Key` runs once; repeating it with
 * the same parameters replays the first response (marked `Idempotent-Replayed: true`), and reusing the key
 * for different parameters is a 400. As on Stripe, only requests that ran (a success or a card error) are
 * remembered, for 24 hours; a request rejected by validation can be retried with the same key once fixed.
 */
import { StripeApiError } from "./errors.ts";
import type { FormObject } from "./form-encoding.ts";

const MAX_KEY_LENGTH = 255;
const KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;
// The SDK sends a fresh key with every POST; bounding the records keeps a long dev session from growing forever.
const MAX_RECORDS = 10_000;

/** A request that ran, as it is replayed (and, with `statePath`, saved). */
export interface IdempotencyRecord {
  fingerprint: string;
  status: number;
  body: string;
  requestId: string;
  /** Wall-clock milliseconds when it completed; the key is forgotten 24 hours later. */
  completedAt: number;
}

export interface IdempotencyCheck {
  /** A stored response to send again, or null when the request should run. */
  replay: Response | null;
  /** Call with the response once the request has run. */
  complete(response: Response, requestId: string): Promise<void>;
}

export interface IdempotencyStore {
  check(key: string, method: string, path: string, params: FormObject): IdempotencyCheck;
}

export interface IdempotencyStoreOptions {
  /** Where completed requests are kept, oldest first (a persisted map with `statePath`). */
  records?: Map<string, IdempotencyRecord>;
  /** Wall-clock milliseconds, for the 24-hour lifetime. */
  nowMs?: () => number;
}

export function createIdempotencyStore(options: IdempotencyStoreOptions = {}): IdempotencyStore {
  const records = options.records ?? new Map<string, IdempotencyRecord>();
  const nowMs = options.nowMs ?? Date.now;
  // Requests still running: never saved, since a crash means they did not run.
  const running = new Map<string, string>();
  const forgetExpired = () => {
    const oldestKept = nowMs() - KEY_LIFETIME_MS;
    for (const [key, record] of records) {
      if (record.completedAt > oldestKept && records.size <= MAX_RECORDS) return;
      records.delete(key);
    }
  };
  return {
    check(key, method, path, params) {
      if (key.length > MAX_KEY_LENGTH) {
        throw createIdempotencyError(400, `Idempotency keys must be at most ${MAX_KEY_LENGTH} characters long.`);
      }
      forgetExpired();
      const fingerprint = `${method} ${path} ${stringifyCanonically(params)}`;
      const existing = records.get(key);
      const existingFingerprint = existing?.fingerprint ?? running.get(key);
      if (existingFingerprint !== undefined && existingFingerprint !== fingerprint) {
        throw createIdempotencyError(
          400,
          "Keys for idempotent requests can only be used with the same parameters they were first used with. " +
            `Try using a key other than '${key}' if you meant to execute a different request.`,
        );
      }
      if (existing !== undefined) {
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
      if (running.has(key)) {
        throw createIdempotencyError(
          409,
          "There is currently another in-progress request using this Idempotent Key (that probably means you " +
            `submitted twice, and the other request is still going through): ${key}. Please try again later.`,
        );
      }
      running.set(key, fingerprint);
      return {
        replay: null,
        async complete(response, requestId) {
          const ran = (response.status >= 200 && response.status < 300) || response.status === 402;
          if (!ran) {
            running.delete(key);
            return;
          }
          const body = await response.clone().text();
          running.delete(key);
          records.set(key, { fingerprint, status: response.status, body, requestId, completedAt: nowMs() });
          forgetExpired();
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
