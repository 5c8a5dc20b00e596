import { describe, expect, it } from "vitest";
import { findNeighbours, selectRelatedArticles } from "./reading-list.ts";

const article = (id: string, ...tags: string[]) => ({ id, data: { tags } });
// Newest first, as getPublishedArticles returns them.
const all = [
  article("hills", "running", "strength"),
  article("squats", "strength", "technique"),
  article("sleep", "recovery"),
  article("deadlifts", "strength", "technique", "beginners"),
  article("easy-runs", "running"),
];

describe("selectRelatedArticles", () => {
  it("ranks by shared tags, newer first among equals, and never lists the article itself", () => {
    const related = selectRelatedArticles(article("goblet", "strength", "technique"), all);
    expect(related.map((item) => item.id)).toEqual(["squats", "deadlifts", "hills"]);
    expect(selectRelatedArticles(all[0] ?? article("x"), all).map((item) => item.id)).not.toContain("hills");
  });

  it("leaves out the articles linked as previous and next", () => {
    const sleep = all[2] ?? article("x");
    const { newer, older } = findNeighbours(sleep, all);
    const related = selectRelatedArticles(article("goblet", "strength", "technique"), all, { except: [newer, older] });
    expect(related.map((item) => item.id)).toEqual(["hills"]);
  });

  it("leaves out articles that share no tag", () => {
    expect(selectRelatedArticles(article("naps", "recovery"), all).map((item) => item.id)).toEqual(["sleep"]);
  });
});

describe("findNeighbours", () => {
  it("finds the newer and the older article around one", () => {
    const { newer, older } = findNeighbours(article("sleep"), all);
    expect([newer?.id, older?.id]).toEqual(["squats", "deadlifts"]);
    expect(findNeighbours(article("hills"), all).newer).toBeUndefined();
  });
});
