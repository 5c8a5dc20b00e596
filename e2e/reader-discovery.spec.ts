import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { sampleSite } from "./support/site.ts";
import { expect, test } from "./support/test.ts";

/** The published articles, as a reader finds them: every page of the article list, followed to the end. */
async function listPublishedArticles(page: Page): Promise<string[]> {
  const paths: string[] = [];
  let next: string | null = "/articles";
  while (next) {
    await page.goto(next);
    const links = page.getByRole("main").getByRole("article").getByRole("heading").getByRole("link");
    for (const href of await links.evaluateAll((anchors) => anchors.map((a) => a.getAttribute("href")))) {
      if (href) paths.push(href);
    }
    next = await page
      .getByRole("link", { name: "Older articles →" })
      .getAttribute("href", { timeout: 1000 })
      .catch(() => null);
  }
  return paths.sort();
}

/** Parses XML in the browser; fails on anything that is not well-formed. */
async function parseXml(page: Page, path: string) {
  const response = await page.request.get(path);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toMatch(/xml/);
  const text = await response.text();
  return page.evaluate((xml) => {
    const doc = new DOMParser().parseFromString(xml, "application/xml");
    const error = doc.querySelector("parsererror")?.textContent ?? null;
    const texts = (selector: string) => [...doc.querySelectorAll(selector)].map((node) => node.textContent ?? "");
    return { error, root: doc.documentElement.nodeName, itemLinks: texts("item > link"), locs: texts("url > loc") };
  }, text);
}

const articlePath = (url: string) => new URL(url).pathname;

test("the feed and the sitemap are valid XML and list exactly the published articles", async ({ page }) => {
  const published = await listPublishedArticles(page);
  expect(published.length).toBeGreaterThanOrEqual(8);

  const feed = await parseXml(page, "/rss.xml");
  expect(feed.error).toBeNull();
  expect(feed.root).toBe("rss");
  expect(feed.itemLinks.map(articlePath).sort()).toEqual(published);

  const sitemap = await parseXml(page, "/sitemap.xml");
  expect(sitemap.error).toBeNull();
  expect(sitemap.root).toBe("urlset");
  const paths = sitemap.locs.map(articlePath);
  expect(paths.filter((path) => path.startsWith("/articles/") && !path.startsWith("/articles/page/")).sort()).toEqual(
    published,
  );
  // Every other address in it is a public page that opens.
  for (const path of paths.filter((path) => !path.startsWith("/articles/"))) {
    expect((await page.request.get(path)).status(), path).toBe(200);
  }

  const robots = await (await page.request.get("/robots.txt")).text();
  expect(robots).toMatch(/^Sitemap: https?:\/\/\S+\/sitemap\.xml$/m);
});

test("a draft article is nowhere: not its page, the lists, the feed, the sitemap or search", async ({ page }) => {
  // The fixture is a real draft in content/: make sure it is still there, and still a draft.
  const source = readFileSync(new URL("../content/articles/gentle-plyometrics-pogo-hops.mdx", import.meta.url), "utf8");
  expect(source).toMatch(/^draft: true$/m);
  const draft = "/articles/gentle-plyometrics-pogo-hops";
  expect((await page.request.get(draft)).status()).toBe(404);
  expect(await listPublishedArticles(page)).not.toContain(draft);
  expect(await (await page.request.get("/rss.xml")).text()).not.toContain("pogo");
  expect(await (await page.request.get("/sitemap.xml")).text()).not.toContain("pogo");
  await page.goto("/search?q=pogo+hops");
  await expect(page.getByRole("status")).toHaveText(/No articles match/);
});

test("an article carries its canonical address, link-card data and JSON-LD", async ({ page }) => {
  await page.goto("/articles/foundation-phase-before-lifting-heavy");
  const title = (await page.getByRole("heading", { level: 1 }).textContent())?.trim();
  const meta = (selector: string) => page.locator(selector).getAttribute("content");
  expect(await page.locator("link[rel=canonical]").getAttribute("href")).toMatch(
    /^https?:\/\/[^/]+\/articles\/foundation-phase-before-lifting-heavy$/,
  );
  expect(await meta("meta[property='og:title']")).toBe(title);
  expect(await meta("meta[property='og:type']")).toBe("article");
  expect(await meta("meta[name='twitter:card']")).toBe("summary_large_image");
  expect(await meta("meta[property='og:image:width']")).toBe("1200");
  expect(await meta("meta[property='og:image:height']")).toBe("630");

  // The link-card picture exists and is a 1200×630 JPEG.
  const imageUrl = new URL((await meta("meta[property='og:image']")) ?? "");
  const image = await page.request.get(imageUrl.pathname);
  expect(image.headers()["content-type"]).toBe("image/jpeg");
  const size = await page.evaluate(async (path) => {
    const bitmap = await createImageBitmap(await (await fetch(path)).blob());
    return [bitmap.width, bitmap.height];
  }, imageUrl.pathname);
  expect(size).toEqual([1200, 630]);

  const jsonLd = JSON.parse((await page.locator("script[type='application/ld+json']").textContent()) ?? "{}");
  expect(jsonLd).toMatchObject({ "@type": "Article", headline: title, author: { name: sampleSite.coach.name } });
  expect(Date.parse(jsonLd.datePublished)).not.toBeNaN();
});
