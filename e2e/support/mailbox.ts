import { expect, type Page } from "@playwright/test";

/** A fresh address per test, so runs never see each other's mail. */
export function uniqueEmail(name: string): string {
  return `${name}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

/**
 * Opens the newest message to `to` in the development mailbox (the newest whose subject contains
 * `subject`, when given) and returns its subject.
 */
export async function openLatestEmail(page: Page, to: string, subject?: string): Promise<string> {
  await page.goto(`/dev/mail?to=${encodeURIComponent(to)}`);
  const latest = page.locator(".messages a", subject ? { hasText: subject } : {}).first();
  await expect(latest).toBeVisible();
  const found = (await latest.textContent()) ?? "";
  await latest.click();
  return found;
}

/** Asks for a sign-in email for `email` from the sign-in page. */
export async function requestSignIn(page: Page, email: string): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
}

/** Signs in through the emailed code and lands on her account page (the coach: on her dashboard). */
export async function signInWithCode(page: Page, email: string): Promise<void> {
  await requestSignIn(page, email);
  const subject = await openLatestEmail(page, email, "Your sign-in code");
  const code = /(\d{6})$/.exec(subject)?.[1] ?? "";
  await page.goto(`/sign-in/check-email?email=${encodeURIComponent(email)}`);
  await page.getByLabel("Six-digit code").fill(code);
  await page.getByRole("button", { name: "Sign in" }).click();
  const landing = email === "coach@example.com" ? "Coach's dashboard" : "Your account";
  await expect(page.getByRole("heading", { name: landing, exact: true })).toBeVisible();
}
