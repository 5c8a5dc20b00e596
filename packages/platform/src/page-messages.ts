/**
 * Messages a page shows from its address (`?error=…`, `?notice=…`) after a form came back. They are signed
 * by the server that wrote them, so a link made elsewhere cannot put its own words on our pages ("Your
 * account is locked, call …"): a page shows a message only when its signature holds.
 *
 * @example
 * const location = `/sign-in?error=${encodeURIComponent(signPageMessage(appSecret, "error", message))}`;
 * const error = readPageMessage(appSecret, Astro.url, "error"); // the message, or undefined when forged
 */
import { signValue, verifySignedValue } from "@academy/auth";

/** The query parameters that carry a message to show. */
export const PAGE_MESSAGE_PARAMS = new Set([
  "error",
  "notice",
  "delete_error",
  "email_error",
  "log_error",
  "plan_error",
  "window_form",
]);

const purpose = (param: string) => `page-message:${param}`;

export function signPageMessage(appSecret: string, param: string, message: string): string {
  return signValue(appSecret, purpose(param), message);
}

/** The message in `param` of `url` when the server signed it; undefined when absent or forged. */
export function readPageMessage(appSecret: string, url: URL, param: string, maxLength = 300): string | undefined {
  const signed = url.searchParams.get(param);
  if (!signed) return undefined;
  return verifySignedValue(appSecret, purpose(param), signed)?.slice(0, maxLength);
}
