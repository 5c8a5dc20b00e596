import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./return-path.ts";

const SITE = "https://coach.example";

/** Where a browser on the site goes when it follows a redirect to `location`. */
const resolvedOrigin = (location: string) => new URL(location, SITE).origin;

describe("safeReturnPath", () => {
  it("keeps a path on this site with its query", () => {
    expect(safeReturnPath("/articles/easy-running?page=2")).toBe("/articles/easy-running?page=2");
    expect(safeReturnPath("/courses/strong/lesson-1")).toBe("/courses/strong/lesson-1");
  });

  it.each([
    ["//evil.example/x"],
    ["/\\evil.example"],
    ["/.//evil.example"],
    ["/./\\evil.example"],
    ["/%09/evil.example"],
    ["/\t/evil.example"],
    ["/\n/evil.example"],
    ["https://evil.example"],
    ["javascript:alert(1)"],
    ["evil.example"],
    [""],
  ])("never resolves %j to another site", (value) => {
    const path = safeReturnPath(value, "/account");
    expect(resolvedOrigin(path)).toBe(SITE);
    expect(path.startsWith("//")).toBe(false);
  });

  it("answers the fallback for what is not a path on this site", () => {
    expect(safeReturnPath("//evil.example/x", "/account")).toBe("/account");
    expect(safeReturnPath("/.//evil.example", "/account")).toBe("/account");
    expect(safeReturnPath(undefined, "/join")).toBe("/join");
    expect(safeReturnPath(42)).toBe("/");
  });

  it("no input ever resolves to another origin, and a safe path stays the same when checked again", () => {
    const pieces = fc.constantFrom(
      "/",
      "//",
      "\\",
      ".",
      "..",
      "%2f",
      "%5c",
      "\t",
      "\n",
      ":",
      "@",
      "?",
      "#",
      "evil.example",
      "x",
    );
    const tricky = fc.array(pieces, { maxLength: 8 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.webUrl(), tricky, fc.string({ unit: "grapheme" })), (value) => {
        const path = safeReturnPath(value);
        expect(resolvedOrigin(path)).toBe(SITE);
        expect(path.startsWith("/") && !path.startsWith("//")).toBe(true);
        expect(safeReturnPath(path)).toBe(path);
      }),
      { numRuns: 2000 },
    );
  });
});
