import { expect, type Page } from "@playwright/test";
import { signInWithCode } from "./mailbox.ts";

/**
 * Makes `email` a member the way a visitor does: enroll while doors are open, pay on the (stripe-local) hosted
 * checkout page with the test card, land on the welcome page, then sign in with the emailed code.
 */
export async function enrollAndPay(page: Page, email: string): Promise<void> {
  await page.goto("/enroll");
  await page.getByLabel("Your email").fill(email);
  await page.getByRole("button", { name: "Enroll now" }).click();
  await expect(page.getByRole("button", { name: "Subscribe" })).toBeVisible();
  await page.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByLabel("Expiry date (MM / YY)").fill("12 / 34");
  await page.getByLabel("Security code (CVC)").fill("123");
  await page.getByLabel("Name on card").fill("Ruth Runner");
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByRole("heading", { name: "Welcome, you're a member!" })).toBeVisible();
  await signInWithCode(page, email);
}
