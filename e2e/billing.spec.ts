import type { Page } from "@playwright/test";
import { signInWithCode, uniqueEmail } from "./support/mailbox.ts";
import { expect, test } from "./support/test.ts";
import { openPublicWindow } from "./support/windows.ts";

async function startCheckout(page: Page, email: string) {
  await page.goto("/enroll");
  await expect(page.getByRole("heading", { name: "Doors are open" })).toBeVisible();
  await page.getByLabel("Your email").fill(email);
  await page.getByRole("button", { name: "Enroll now" }).click();
  await expect(page.getByRole("button", { name: "Subscribe" })).toBeVisible();
}

async function payWith(page: Page, cardNumber: string) {
  await page.getByLabel("Card number").fill(cardNumber);
  await page.getByLabel("Expiry date (MM / YY)").fill("12 / 34");
  await page.getByLabel("Security code (CVC)").fill("123");
  await page.getByLabel("Name on card").fill("Ruth Runner");
  await page.getByRole("button", { name: "Subscribe" }).click();
}

test("a declined card leaves her a non-member with a clear message", async ({ page, browser }) => {
  const closeWindow = await openPublicWindow(browser);
  try {
    const email = uniqueEmail("declined");
    await startCheckout(page, email);
    await payWith(page, "4000 0000 0000 0002");
    await expect(page.getByRole("alert")).toContainText("Your card was declined.");
    await signInWithCode(page, email);
    await expect(page.getByText("Not a member yet.")).toBeVisible();
  } finally {
    await closeWindow();
  }
});

test("she pays, is a member at once, cancels in the portal and keeps access until the period ends", async ({
  page,
  browser,
}) => {
  const closeWindow = await openPublicWindow(browser);
  try {
    const email = uniqueEmail("member");
    await startCheckout(page, email);
    await payWith(page, "4242 4242 4242 4242");
    await expect(page).toHaveURL(/\/enroll\/welcome\?session_id=cs_test_/);
    await expect(page.getByRole("heading", { name: "Welcome, you're a member!" })).toBeVisible();

    await signInWithCode(page, email);
    await expect(page.getByText(/^Active\. Next charge on/)).toBeVisible();

    await page.getByRole("button", { name: /Manage membership/ }).click();
    await expect(page.getByRole("heading", { name: "Manage your membership" })).toBeVisible();
    const stripeLocal = new URL(page.url()).origin;
    await page.getByRole("button", { name: "Cancel membership" }).click();
    await expect(page.getByRole("button", { name: "Don't cancel" })).toBeVisible();

    // The webhook reaches the site in the background; her account then tells her when access ends.
    await expect(async () => {
      await page.goto("/account");
      await expect(page.getByText(/^Cancelled: your access ends on/)).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });

    // A month later on stripe-local's clock the period ends, and so does her access.
    const advanced = await page.request.post(`${stripeLocal}/v1/test_helpers/stand_in_clock/advance`, {
      headers: { authorization: "Bearer sk_test_stripe_local" },
      form: { days: "32" },
    });
    expect(advanced.status()).toBe(200);
    await expect(async () => {
      await page.goto("/account");
      await expect(page.getByText(/^Ended\. You can rejoin/)).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
  } finally {
    await closeWindow();
  }
});
