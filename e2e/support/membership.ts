import { expect, type Page } from "@playwright/test";

/**
 * Makes `email` a member the way a visitor who is not signed in does: enroll while doors are open (the
 * address she types is only prefilled on the checkout page), pay on the (stripe-local) hosted checkout page
 * with the test card, and land on the welcome page signed in: her account was made by this checkout, in
 * this browser.
 */
export async function enrollAndPay(page: Page, email: string): Promise<void> {
  await page.goto("/enroll");
  await page.getByLabel("Your email (optional)").fill(email);
  await page.getByRole("button", { name: "Enroll now" }).click();
  await expect(page.getByText(`Paying as ${email}`)).toBeVisible();
  await payWithCard(page, "4242 4242 4242 4242");
  await expect(page.getByRole("heading", { name: "Welcome, you're a member!" })).toBeVisible();
  await expect(page.getByText(`you're signed in as ${email}`)).toBeVisible();
}

/** Fills the hosted checkout page's card form and presses Subscribe. */
export async function payWithCard(page: Page, cardNumber: string): Promise<void> {
  await page.getByLabel("Card number").fill(cardNumber);
  await page.getByLabel("Expiry date (MM / YY)").fill("12 / 34");
  await page.getByLabel("Security code (CVC)").fill("123");
  await page.getByLabel("Name on card").fill("Ruth Runner");
  await page.getByRole("button", { name: "Subscribe" }).click();
}
