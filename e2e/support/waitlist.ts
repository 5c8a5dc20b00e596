import { expect, type Page } from "@playwright/test";
import { openLatestEmail } from "./mailbox.ts";

export const CONFIRMATION_SUBJECT = "Confirm you want to join the waitlist";

/**
 * Opens the newest confirmation email to `email` in the development mailbox (it goes out a moment after the
 * join), follows its link and presses the button: the address is on the list from then on.
 */
export async function confirmWaitlistFromMailbox(page: Page, email: string): Promise<void> {
  await expect(async () => {
    await openLatestEmail(page, email, CONFIRMATION_SUBJECT);
  }).toPass({ timeout: 15_000 });
  await page.locator(".links a", { hasText: "/waitlist/confirm?token=" }).first().click();
  await expect(page.getByText(email, { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Confirm and join" }).click();
  await expect(page.getByRole("status")).toContainText("you're on the list");
}

/** Joins the waitlist from /join and confirms from the emailed link, as a reader does: she is on the list. */
export async function joinWaitlist(page: Page, email: string): Promise<void> {
  await page.goto("/join");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Join the waitlist" }).click();
  await expect(page.locator("#joined")).toBeVisible();
  await confirmWaitlistFromMailbox(page, email);
}
