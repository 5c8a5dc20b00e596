import type { ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { createSecurityHeaders } from "./security-headers.ts";

function policyFor(url: string): string {
  const headers = new Map<string, string>();
  const res = { setHeader: (name: string, value: string) => headers.set(name, value) } as unknown as ServerResponse;
  createSecurityHeaders({ https: false, formTargets: ["https://checkout.stripe.com"] })(res, url);
  return headers.get("Content-Security-Policy") ?? "";
}

describe("the Content Security Policy", () => {
  it("lets lesson pages frame exactly the two video players, and plays media from this site only", () => {
    const lesson = policyFor("/courses/strong-runner-foundations/hip-hinge?completed=1");
    expect(lesson).toContain("frame-src 'self' https://www.youtube-nocookie.com https://player.vimeo.com;");
    expect(lesson).toContain("media-src 'self';");
    expect(lesson).toContain("script-src 'self' 'wasm-unsafe-eval';");
  });

  it("frames nothing from elsewhere on every other page", () => {
    for (const url of [
      "/",
      "/enroll",
      "/courses",
      "/courses/strong-runner-foundations",
      "/articles/x",
      "/api/health",
    ]) {
      expect(policyFor(url), url).toContain("frame-src 'self';");
      expect(policyFor(url), url).not.toMatch(/youtube|vimeo/);
    }
  });
});
