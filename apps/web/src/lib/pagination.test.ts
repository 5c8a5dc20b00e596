import { describe, expect, it } from "vitest";
import { paginate } from "./pagination.ts";

describe("paginate", () => {
  it("puts page 1 at the listing's own address and links the pages in order", () => {
    const pages = paginate(
      Array.from({ length: 25 }, (_, index) => index),
      "/tags/strength",
      12,
    );
    expect(pages.map((page) => page.url)).toEqual(["/tags/strength", "/tags/strength/page/2", "/tags/strength/page/3"]);
    expect(pages.map((page) => page.items.length)).toEqual([12, 12, 1]);
    expect(pages[0]?.previousUrl).toBeUndefined();
    expect(pages[1]).toMatchObject({ previousUrl: "/tags/strength", nextUrl: "/tags/strength/page/3", count: 3 });
    expect(pages[2]?.nextUrl).toBeUndefined();
  });

  it("still makes one page for an empty list", () => {
    expect(paginate([], "/articles")).toEqual([{ items: [], number: 1, count: 1, url: "/articles" }]);
  });
});
