import type { Page } from "@playwright/test";
import { sampleSite } from "./support/site.ts";
import { expect, test } from "./support/test.ts";

/** Nothing but JSON-LD may run on an article: it must read the same with or without JavaScript. */
async function expectNoScripts(page: Page) {
  expect(await page.locator("script:not([type='application/ld+json'])").count()).toBe(0);
}

test("a reader goes from the home page to an article, then on to related reading", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveTitle(sampleSite.academy.name);
  await expect(page.getByRole("heading", { level: 2, name: "Join the waitlist" })).toBeVisible();
  const cards = page.getByRole("main").getByRole("article").getByRole("heading").getByRole("link");
  expect(await cards.count()).toBeGreaterThanOrEqual(6);

  const first = cards.first();
  const title = (await first.textContent())?.trim() ?? "";
  await first.click();
  await expect(page).toHaveURL(/\/articles\/[a-z0-9-]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(
    page
      .getByRole("main")
      .locator("header")
      .getByText(/^\d+ min read$/),
  ).toBeVisible();
  await expectNoScripts(page);

  // The hero picture has real alt text and a size, so the page does not jump while it loads.
  const hero = page.locator("main picture img").first();
  expect((await hero.getAttribute("alt"))?.length).toBeGreaterThan(10);
  await expect(hero).toHaveAttribute("width", /\d+/);
  await expect(hero).toHaveAttribute("height", /\d+/);

  // The table of contents jumps to its section.
  const contents = page.getByRole("navigation", { name: "In this article" });
  const entry = contents.getByRole("link").nth(1);
  const section = (await entry.textContent())?.trim() ?? "";
  await entry.click();
  await expect(page.getByRole("heading", { level: 2, name: section })).toBeInViewport();

  // "Next on your reading list" shares a topic with this article.
  const topics = await page.getByRole("navigation", { name: "Article topics" }).getByRole("link").allTextContents();
  const readingList = page.getByRole("region", { name: "Next on your reading list" });
  // …and never repeats the previous and next articles linked just below it.
  const listed = await readingList
    .getByRole("heading")
    .getByRole("link")
    .evaluateAll((links) => links.map((link) => link.getAttribute("href")));
  const aroundLinks = await page
    .getByRole("navigation", { name: "Previous and next article" })
    .getByRole("link")
    .evaluateAll((links) => links.map((link) => link.getAttribute("href")));
  expect(listed.filter((href) => aroundLinks.includes(href))).toEqual([]);
  const next = readingList.getByRole("heading").getByRole("link").first();
  const nextTitle = (await next.textContent())?.trim() ?? "";
  await next.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(nextTitle);
  const nextTopics = await page.getByRole("navigation", { name: "Article topics" }).getByRole("link").allTextContents();
  expect(nextTopics.some((topic) => topics.includes(topic))).toBe(true);
  await expectNoScripts(page);

  // Previous/next article links lead to other articles.
  const around = page.getByRole("navigation", { name: "Previous and next article" }).getByRole("link").first();
  await around.click();
  await expect(page).toHaveURL(/\/articles\/[a-z0-9-]+$/);
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveText(nextTitle);
});

test("the article list links every article, and a topic page lists only its articles", async ({ page }) => {
  await page.goto("/articles");
  const links = page.getByRole("main").getByRole("article").getByRole("heading").getByRole("link");
  const all = await links.count();
  expect(all).toBeGreaterThanOrEqual(8);
  const response = await page.request.get((await links.last().getAttribute("href")) ?? "/nope");
  expect(response.status()).toBe(200);

  await page.getByRole("navigation", { name: "Topics" }).getByRole("link", { name: "Recovery" }).click();
  await expect(page).toHaveURL(/\/tags\/recovery$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Recovery");
  const tagged = page.getByRole("main").getByRole("article");
  expect(await tagged.count()).toBeGreaterThanOrEqual(1);
  expect(await tagged.count()).toBeLessThan(all);
  await tagged.first().getByRole("link").click();
  await expect(
    page.getByRole("navigation", { name: "Article topics" }).getByRole("link", { name: "Recovery" }),
  ).toBeVisible();
});

test("an article reads on a 360 px phone without sideways scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto("/articles/first-20-minute-strength-session-for-runners");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.goto("/");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
});

test("an unknown address shows the friendly 404 page", async ({ page }) => {
  const response = await page.goto("/articles/no-such-article");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("We couldn't find that page");
  await page.getByRole("link", { name: "Every article" }).click();
  await expect(page).toHaveURL(/\/articles$/);
});
