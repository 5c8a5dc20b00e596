import { expect, test } from "@playwright/test";

test("a reader opens the home page, sees the articles and follows one", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveTitle("Strong Stride Academy");
  const cards = page.locator("main article h3 a");
  expect(await cards.count()).toBeGreaterThanOrEqual(6);

  const first = cards.first();
  const title = (await first.textContent())?.trim() ?? "";
  await first.click();
  await expect(page).toHaveURL(/\/articles\/[a-z0-9-]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.locator("main h2").first()).toBeVisible();
  expect(await page.locator("script:not([type='application/ld+json'])").count()).toBe(0);
});

test("the article list links every article", async ({ page }) => {
  await page.goto("/articles");
  const links = page.locator("main article h3 a");
  expect(await links.count()).toBeGreaterThanOrEqual(8);
  const response = await page.request.get((await links.last().getAttribute("href")) ?? "/nope");
  expect(response.status()).toBe(200);
});

test("an unknown address shows the friendly 404 page", async ({ page }) => {
  const response = await page.goto("/articles/no-such-article");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("We couldn't find that page");
  await page.getByRole("link", { name: "Every article" }).click();
  await expect(page).toHaveURL(/\/articles$/);
});
