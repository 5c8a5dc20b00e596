import type { ServerResponse } from "node:http";
import { VIDEO_FRAME_ORIGINS } from "../src/lib/lesson-video.ts";

export interface SecurityHeaderOptions {
  https: boolean;
  /** Origins a form on the site may lead to: Stripe's hosted checkout and portal (or stripe-local's). */
  formTargets: readonly string[];
}

/** A lesson page, `/courses/<course>/<lesson>`: the only pages a `<LessonVideo>` can be on (the build checks). */
const LESSON_PAGE = /^\/courses\/[^/?#]+\/[^/?#]+\/?(?:[?#]|$)/;

/**
 * Headers every response carries, pages and API alike; the policies are built once, at start. Lesson pages
 * alone may frame the two video players `<LessonVideo>` loads after she presses play (youtube-nocookie.com,
 * player.vimeo.com); every other page frames nothing from elsewhere.
 */
export function createSecurityHeaders(options: SecurityHeaderOptions): (res: ServerResponse, url?: string) => void {
  const sitePolicy = buildContentSecurityPolicy(options, []);
  const lessonPolicy = buildContentSecurityPolicy(options, VIDEO_FRAME_ORIGINS);
  return (res, url = "/") => {
    res.setHeader("Content-Security-Policy", LESSON_PAGE.test(url) ? lessonPolicy : sitePolicy);
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
    if (options.https) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  };
}

export function buildContentSecurityPolicy(options: SecurityHeaderOptions, frameOrigins: readonly string[]): string {
  return [
    "default-src 'self'",
    "img-src 'self' data:",
    // Lesson videos: files of this site; YouTube and Vimeo play in their own frames (frame-src).
    "media-src 'self'",
    ["frame-src 'self'", ...frameOrigins].join(" "),
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
}
