import { openLatestEmail, uniqueEmail } from "./support/mailbox.ts";
import { expect, test } from "./support/test.ts";
import { CONFIRMATION_SUBJECT, confirmWaitlistFromMailbox } from "./support/waitlist.ts";

const JOINED = "Check your inbox to confirm: click the link in the email we sent, and you're on the list.";

test.describe("joining the waitlist without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("from an article, she lands back on it, asked to confirm from her inbox", async ({ page }) => {
    await page.goto("/articles");
    await page.getByRole("main").getByRole("article").getByRole("link").first().click();
    const articleUrl = page.url();
    await page.getByLabel("Email", { exact: true }).fill(`reader-${Date.now()}@example.com`);
    await page.getByRole("button", { name: "Join the waitlist" }).click();
    await expect(page).toHaveURL(`${articleUrl}#joined`);
    await expect(page.getByRole("status")).toHaveText(JOINED);
  });

  test("a mistyped email gets a message next to the field, and fixing it works", async ({ page }) => {
    await page.goto("/");
    await page.getByLabel("Email", { exact: true }).fill("runner-at-example.com");
    await page.getByRole("button", { name: "Join the waitlist" }).click();
    await expect(page).toHaveURL(/\/join\?/);
    const field = page.getByLabel("Email", { exact: true });
    await expect(field).toHaveValue("runner-at-example.com");
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(field).toHaveAccessibleDescription("Enter an email address like name@example.com.");
    await field.fill(`fixed-${Date.now()}@example.com`);
    await page.getByRole("button", { name: "Join the waitlist" }).click();
    await expect(page).toHaveURL(/\/#joined$/);
    await expect(page.getByRole("status")).toBeVisible();
  });

  test("she is welcomed by name only once she confirms from the emailed link", async ({ page }) => {
    const email = uniqueEmail("confirm-nojs");
    await page.goto("/join");
    await page.getByLabel("Email", { exact: true }).fill(email);
    await page.getByLabel("First name").fill("Ruth");
    await page.getByRole("button", { name: "Join the waitlist" }).click();
    await expect(page.getByRole("status")).toHaveText(JOINED);

    // The email asks her to confirm, and greets nobody by the name typed with the address.
    await expect(async () => {
      await openLatestEmail(page, email, CONFIRMATION_SUBJECT);
    }).toPass({ timeout: 15_000 });
    await expect(page.locator(".text")).toContainText("Hello,");
    await expect(page.locator(".text")).not.toContainText("Ruth");
    await page.goto(`/dev/mail?to=${encodeURIComponent(email)}`);
    await expect(page.locator(".messages a", { hasText: "You're on the list" })).toHaveCount(0);

    // The link only shows a button (a mail scanner that opens it changes nothing); the button confirms.
    await openLatestEmail(page, email, CONFIRMATION_SUBJECT);
    await page.locator(".links a", { hasText: "/waitlist/confirm?token=" }).first().click();
    await expect(page.getByRole("heading", { level: 1, name: "Join the waitlist" })).toBeVisible();
    await expect(page.getByLabel("First name")).toHaveValue("Ruth");
    await page.getByRole("button", { name: "Confirm and join" }).click();
    await expect(page.getByRole("status")).toContainText("you're on the list");

    await expect(async () => {
      await openLatestEmail(page, email, "You're on the list");
    }).toPass({ timeout: 15_000 });
    await expect(page.locator(".text")).toContainText("Hi Ruth,");
  });

  test("on its own page, joining twice gives the same friendly answer", async ({ page }) => {
    const email = `twice-nojs-${Date.now()}@example.com`;
    for (let attempt = 0; attempt < 2; attempt++) {
      await page.goto("/join");
      await page.getByLabel("Email", { exact: true }).fill(email);
      await page.getByRole("button", { name: "Join the waitlist" }).click();
      await expect(page).toHaveURL(/\/join#joined$/);
      await expect(page.getByRole("status")).toHaveText(JOINED);
    }
  });
});

test.describe("joining the waitlist with JavaScript", () => {
  test("on the home page she gets the answer in place, and the same one if she joins again", async ({ page }) => {
    await page.goto("/");
    const email = `twice-js-${Date.now()}@example.com`;
    for (let attempt = 0; attempt < 2; attempt++) {
      await page.getByLabel("Email", { exact: true }).fill(email);
      await page.getByRole("button", { name: "Join the waitlist" }).click();
      await expect(page.getByRole("status")).toHaveText(JOINED);
      await expect(page.getByLabel("Email", { exact: true })).toHaveValue("");
    }
    // Answered in place: no page load, no jump to another address.
    await expect(page).toHaveURL(/\/$/);
    // One confirmation email reaches her, however often she joins; it is sent just after the answer.
    await expect(async () => {
      await page.goto(`/dev/mail?to=${encodeURIComponent(email)}`);
      await expect(page.locator(".messages a", { hasText: CONFIRMATION_SUBJECT })).toHaveCount(1, { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await expect(page.locator(".messages a", { hasText: "You're on the list" })).toHaveCount(0);
    // Once she confirms from it, she is welcomed.
    await confirmWaitlistFromMailbox(page, email);
    await expect(async () => {
      await page.goto(`/dev/mail?to=${encodeURIComponent(email)}`);
      await expect(page.locator(".messages a", { hasText: "You're on the list" })).toHaveCount(1, { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
  });

  test("a mistyped email gets a message next to the field without leaving the page", async ({ page }) => {
    await page.goto("/join");
    const field = page.getByLabel("Email", { exact: true });
    await field.fill("runner@example");
    await page.getByRole("button", { name: "Join the waitlist" }).click();
    await expect(field).toHaveAttribute("aria-invalid", "true");
    await expect(field).toHaveAccessibleDescription("Enter an email address like name@example.com.");
    await expect(field).toBeFocused();
    await expect(page).toHaveURL(/\/join$/);

    await field.fill(`fixed-js-${Date.now()}@example.com`);
    await page.getByRole("button", { name: "Join the waitlist" }).click();
    await expect(page.getByRole("status")).toHaveText(JOINED);
    await expect(field).not.toHaveAttribute("aria-invalid", "true");
    await expect(page.getByText("Enter an email address like name@example.com.")).toHaveCount(0);
  });
});
