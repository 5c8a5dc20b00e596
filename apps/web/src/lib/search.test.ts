import { describe, expect, it } from "vitest";
import type { Article } from "./articles.ts";
import { searchArticles, tokenize } from "./search.ts";

const article = (id: string, title: string, body: string) =>
  ({ id, body, data: { title, description: "A description of this article.", tags: ["running"] } }) as Article;

const articles = [
  article("easy", "Easy means easy", "Use the talk test on every easy run."),
  article("volume", "Balancing running and lifting", "Easy weeks and hard weeks: the talk test helps."),
  article("sleep", "Sleep and soreness", "Rest days matter."),
];

describe("searchArticles", () => {
  it("needs every word, and ranks title matches above text matches", () => {
    expect(searchArticles("talk test", articles).map((item) => item.id)).toEqual(["easy", "volume"]);
    expect(searchArticles("easy", articles).map((item) => item.id)).toEqual(["easy", "volume"]);
    expect(searchArticles("talk sleep", articles)).toEqual([]);
  });

  it("ignores case, accents and punctuation, and finds nothing for an empty query", () => {
    expect(searchArticles("SORENESS!", articles).map((item) => item.id)).toEqual(["sleep"]);
    expect(tokenize("Réstful  días, a")).toEqual(["restful", "dias"]);
    expect(searchArticles("  ", articles)).toEqual([]);
  });
});
