/**
 * One way to answer both kinds of caller. An API client gets JSON; a plain HTML form (which cannot show
 * JSON) gets a 303 to the next page. A route says both in one call, and says once where a form goes back
 * when something is wrong; the error handler does the rest, so no route decides "form or JSON" itself.
 *
 * @example
 * export const routes = new Hono<AppEnv>().post("/", formErrorsTo("/join"), async (c) => {
 *   const input = await readBody(c, schema); // a mistake: 303 /join?error=…, or 422 JSON
 *   return answer(c, { json: { joined: true }, redirect: "/#joined" });
 * });
 */
import { PAGE_MESSAGE_PARAMS, signPageMessage } from "@academy/platform/page-messages";
import type { Context, MiddlewareHandler } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "./context.ts";
import type { ApiError } from "./errors.ts";

/** True when the request came from a plain HTML form (so the answer is a redirect, not JSON). */
export function isFormPost(c: Context): boolean {
  const type = c.req.header("content-type") ?? "";
  return type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data");
}

/** The text fields of the submitted form, for a form-back page that keeps what she typed. */
export type FormFields = Readonly<Record<string, string>>;

/**
 * Where a form goes back when its request fails: the page, with the message, from the error, her fields and
 * the route's path parameters.
 */
export type FormBack = (error: ApiError, fields: FormFields, params: Readonly<Record<string, string>>) => string;

/** The form-back page of the route being handled, its path parameters already read. */
export type RouteFormBack = (error: ApiError, fields: FormFields) => string;

/**
 * Middleware for a form-posting route: when handling it throws an `ApiError` (bad input, a refusal, a rate
 * limit), a form goes back (303) to `back`, with the message in `?error=` when `back` is a path. JSON callers
 * still get the error itself.
 */
export function formErrorsTo(back: string | FormBack): MiddlewareHandler<AppEnv> {
  const toPage: FormBack = typeof back === "string" ? (error) => pagePath(back, { error: error.message }) : back;
  return async (c, next) => {
    const params = c.req.param() as Record<string, string>;
    c.set("formBack", (error, fields) => toPage(error, fields, params));
    await next();
  };
}

/** The page a failed form goes back to, or undefined when this is no form or its route named no page. */
export async function formBackFor(c: Context<AppEnv>, error: ApiError): Promise<string | undefined> {
  const back = c.get("formBack");
  if (back === undefined || !isFormPost(c)) return undefined;
  return signMessagesIn(c, back(error, await readFormFields(c)));
}

/** A success: `json` (with `status`) for API clients, a 303 to `redirect` for a plain HTML form. */
export function answer(
  c: Context<AppEnv>,
  options: { json: unknown; status?: ContentfulStatusCode; headers?: Record<string, string>; redirect: string },
): Response {
  if (isFormPost(c)) return c.redirect(signMessagesIn(c, options.redirect), 303);
  return c.json(options.json, options.status ?? 200, options.headers);
}

/**
 * Signs the messages (`?error=`, `?notice=`…) in a page address the API sends a form to, so the page shows
 * them, and shows nothing that a link made elsewhere put there (see `readPageMessage`).
 */
function signMessagesIn(c: Context<AppEnv>, location: string): string {
  const url = new URL(location, "http://x");
  let signed = false;
  for (const [param, message] of url.searchParams) {
    if (!PAGE_MESSAGE_PARAMS.has(param)) continue;
    url.searchParams.set(param, signPageMessage(c.get("services").appSecret, param, message));
    signed = true;
  }
  return signed ? `${url.pathname}${url.search}${url.hash}` : location;
}

/** `path?a=1&b=2`, leaving out parameters without a value. A `#fragment` in `path` stays at the end. */
export function pagePath(path: string, params: Record<string, string | undefined>): string {
  const [base = path, fragment] = path.split("#", 2);
  const query = new URLSearchParams(
    Object.entries(params).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  ).toString();
  return `${base}${query ? `${base.includes("?") ? "&" : "?"}${query}` : ""}${fragment === undefined ? "" : `#${fragment}`}`;
}

async function readFormFields(c: Context): Promise<FormFields> {
  const body = await c.req.parseBody().catch(() => ({}));
  return Object.fromEntries(
    Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}
