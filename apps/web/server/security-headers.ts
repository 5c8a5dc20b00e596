import type { ServerResponse } from "node:http";

export interface SecurityHeaderOptions {
  https: boolean;
  /** Origins a form on the site may lead to: Stripe's hosted checkout and portal (or stripe-local's). */
  formTargets: readonly string[];
}

/** Headers every response carries, pages and API alike; the policy is built once, at start. */
export function createSecurityHeaders(options: SecurityHeaderOptions): (res: ServerResponse) => void {
  const contentSecurityPolicy = [
    "default-src 'self'",
    "img-src 'self' data:",
    "style-src 'self' 'unsafe-inline'",
    // Scripts are files on this site only (apps/web/public/scripts), never inline, so an injected <script> or
    // event handler never runs. 'wasm-unsafe-eval' lets the search page compile Pagefind's WebAssembly; it allows
    // no JavaScript eval.
    "script-src 'self' 'wasm-unsafe-eval'",
    // Browsers apply form-action to the redirect after a post too: "Enroll now" ends on Stripe Checkout.
    ["form-action 'self'", ...options.formTargets].join(" "),
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "object-src 'none'",
  ].join("; ");
  return (res) => {
    res.setHeader("Content-Security-Policy", contentSecurityPolicy);
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
    if (options.https) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  };
}
