import { expect, test } from "@playwright/test";

test.describe("joining the waitlist without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("from an article, she lands back on it with a confirmation", async ({ page }) => {
    await page.goto("/articles");
    await page.locator("main article h3 a").first().click();
    const articleUrl = page.url();
    await page.getByLabel("Email").fill(`reader-${Date.now()}@example.com`);
    await page.getByRole("button", { name: "Join the waitlist" }).click();
    await expect(page).toHaveURL(`${articleUrl}#joined`);
    await expect(page.getByRole("status")).toHaveText(/You're on the list/);
  });

  test("a mistyped email gets a message next to the field, and fixing it works", async ({ page }) => {
    await page.goto("/");
    await page.getByLabel("Email").fill("runner-at-example.com");
    await page.getByRole("button", { name: "Join the waitlist" }).click();
    await expect(page).toHaveURL(/\/join\?/);
    const field = page.getByLabel("Email");
    await expect(field).toHaveValue("runner-at-example.com");
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(page.locator(".error")).toHaveText("Enter an email address like name@example.com.");
    await field.fill(`fixed-${Date.now()}@example.com`);
    await page.getByRole("button", { name: "Join the waitlist" }).click();
    await expect(page).toHaveURL(/\/#joined$/);
    await expect(page.getByRole("status")).toBeVisible();
  });
});
