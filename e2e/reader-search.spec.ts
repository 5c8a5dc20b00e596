import { expect, test } from "./support/test.ts";

const TALK_TEST = "Easy Means Easy: Using Effort and the Talk Test on Your Runs";

test("a reader searches as she types and opens what she found", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/search$/);
  await page.getByLabel("What would you like to read about?").pressSequentially("talk test", { delay: 20 });
  await expect(page.getByRole("status")).toHaveText(/(articles match|article matches) “talk test”/);
  const result = page.getByRole("main").getByRole("listitem").getByRole("link", { name: TALK_TEST });
  await expect(result).toBeVisible();
  // The live results come from the Pagefind index, with the matching words highlighted in an excerpt.
  await expect(page.getByRole("main").locator("li mark").first()).toBeVisible();
  await result.click();
  await expect(page).toHaveURL(/\/articles\/easy-running-effort-talk-test$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(TALK_TEST);
});

test("a search for words in no article says so", async ({ page }) => {
  await page.goto("/search");
  await page.getByLabel("What would you like to read about?").fill("xylophone quartz");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("status")).toHaveText(/No articles match “xylophone quartz”/);
  await expect(page.getByRole("main").getByRole("listitem")).toHaveCount(0);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the search form still finds articles, answered by the server", async ({ page }) => {
    await page.goto("/search");
    await page.getByLabel("What would you like to read about?").fill("talk test");
    await page.getByRole("button", { name: "Search" }).click();
    await expect(page).toHaveURL(/\/search\?q=talk\+test$/);
    await expect(page.getByRole("status")).toHaveText(/(articles match|article matches) “talk test”/);
    await page.getByRole("main").getByRole("link", { name: TALK_TEST }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(TALK_TEST);
  });
});
