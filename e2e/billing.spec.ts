import { openLatestEmail, signInWithCode, uniqueEmail } from "./support/mailbox.ts";
import { payWithCard } from "./support/membership.ts";
import { expect, test } from "./support/test.ts";
import { openPublicWindow } from "./support/windows.ts";

test("without an address on the enroll page, checkout asks for it; a declined card leaves her a non-member", async ({
  page,
  browser,
}) => {
  const closeWindow = await openPublicWindow(browser);
  try {
    const email = uniqueEmail("declined");
    // The course list and the sales page show the membership's price as Stripe has it (stripe-local's $29 a month).
    await page.goto("/courses");
    await expect(page.locator(".membership")).toContainText("Every course comes with the membership, $29 a month.");
    await page.getByRole("link", { name: "See what's included and how to join" }).click();
    await expect(page.getByText("$29 a month", { exact: true })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Doors are open" })).toBeVisible();
    await page.getByRole("button", { name: "Enroll now" }).click();
    // Nobody has proven an address yet: the checkout page has no customer and asks for one.
    await page.getByLabel("Email", { exact: true }).fill(email);
    await payWithCard(page, "4000 0000 0000 0002");
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
    await page.goto("/enroll");
    await expect(page.getByText("Your account is made with the address you pay with")).toBeVisible();
    await page.getByLabel("Your email (optional)").fill(email);
    await page.getByRole("button", { name: "Enroll now" }).click();
    // The address she typed is only prefilled: checkout confirms it.
    await expect(page.getByText(`Paying as ${email}`)).toBeVisible();
    const checkoutUrl = page.url();
    // Back on the enroll page and clicking again, this browser finds the same checkout.
    await page.goto("/enroll");
    await page.getByLabel("Your email (optional)").fill(email);
    await page.getByRole("button", { name: "Enroll now" }).click();
    await expect(page.getByText(`Paying as ${email}`)).toBeVisible();
    expect(page.url()).toBe(checkoutUrl);

    await payWithCard(page, "4242 4242 4242 4242");
    await expect(page).toHaveURL(/\/enroll\/welcome\?session_id=cs_test_/);
    await expect(page.getByRole("heading", { name: "Welcome, you're a member!" })).toBeVisible();
    // This browser opened the checkout that made her account: she is signed in, and sees where to start.
    await expect(page.getByText(`you're signed in as ${email}`)).toBeVisible();
    await expect(page.getByRole("link", { name: "Read your first lesson" })).toBeVisible();
    // Her welcome email, with Stripe's receipt, reaches the mailbox a moment later.
    await expect(async () => {
      await openLatestEmail(page, email, "Welcome to Strong Stride Academy");
    }).toPass({ timeout: 15_000 });
    await expect(page.getByRole("link", { name: /\/i\/in_/ })).toBeVisible();
    await page.goto("/account");
    await expect(page.getByText(/^Active\. Next charge on/)).toBeVisible();

    // Signed in, the enroll page offers a member her training and her account, not a second checkout.
    await page.goto("/enroll");
    await expect(page.getByRole("heading", { name: "You're already a member" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Enroll now" })).toHaveCount(0);
    await page.getByRole("link", { name: "Manage my membership" }).click();
    await expect(page).toHaveURL(/\/account/);

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
    const endsOn = /access ends on (.+?), and/.exec((await page.getByText(/^Cancelled:/).textContent()) ?? "")?.[1];
    // Doors are still open, but she is still a member: the enroll page shows until when and how to keep it.
    await page.goto("/enroll");
    await expect(page.getByRole("heading", { name: "You're still a member" })).toBeVisible();
    await expect(page.getByText(`your membership runs until ${endsOn} and then stops`)).toBeVisible();
    await expect(page.getByRole("button", { name: "Enroll now" })).toHaveCount(0);
    await page.getByRole("button", { name: "Keep my membership" }).click();
    await expect(page.getByRole("button", { name: "Don't cancel" })).toBeVisible();

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
