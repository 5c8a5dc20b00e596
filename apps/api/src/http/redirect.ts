/**
 * A path on this site to send a form back to. Anything else (another origin, `//evil`, a backslash
 * trick) falls back to the home page, so the redirect can never leave the site.
 */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) {
    return "/";
  }
  try {
    const url = new URL(value, "http://x");
    return url.host === "x" ? `${url.pathname}${url.search}` : "/";
  } catch {
    return "/";
  }
}
