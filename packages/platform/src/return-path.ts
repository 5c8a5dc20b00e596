/**
 * The one check for "where to go next" paths that arrive from outside (`?returnTo=`, a hidden form field): a
 * path on this site, or the fallback. Anything that a browser could resolve to another origin (`//evil`,
 * `/\evil`, `/.//evil`, tabs and newlines that browsers strip, a scheme) never comes back out.
 *
 * @example
 * safeReturnPath("/articles/x?y=1"); // "/articles/x?y=1"
 * safeReturnPath("//evil.example/x"); // "/"
 * safeReturnPath(undefined, "/account"); // "/account"
 */

const BASE = "https://site.invalid";
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what it looks for.
const BACKSLASH_OR_CONTROL = /[\\\u0000-\u001f\u007f]/;

export function safeReturnPath(value: unknown, fallback = "/"): string {
  // Browsers read a backslash as a slash and drop tabs and newlines inside URLs, so they are refused outright.
  if (typeof value !== "string" || value.length > 2000 || BACKSLASH_OR_CONTROL.test(value)) return fallback;
  if (!value.startsWith("/") || value.startsWith("//")) return fallback;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return fallback;
  }
  const path = `${url.pathname}${url.search}`;
  // The check runs on the normalised path too: `/.//evil.example` normalises to `//evil.example`.
  if (url.origin !== BASE || !path.startsWith("/") || path.startsWith("//")) return fallback;
  return path;
}
