import { openLatestEmail, requestSignIn, signInWithCode, uniqueEmail } from "./support/mailbox.ts";
import { expect, test } from "./support/test.ts";

test("she signs in with the link from the email", async ({ page }) => {
  const email = uniqueEmail("link");
  await requestSignIn(page, email);
  await expect(page.getByText(email)).toBeVisible();

  await openLatestEmail(page, email);
  await page.locator(".links a").first().click();
  await expect(page).toHaveURL(/\/sign-in\/confirm\?token=/);
  // Opening the link alone signs nobody in: the button does.
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByText(email)).toBeVisible();
});

test("she signs in with the code, and a wrong code tells her what to do", async ({ page }) => {
  const email = uniqueEmail("code");
  await requestSignIn(page, email);
  const subject = await openLatestEmail(page, email);
  const code = /(\d{6})$/.exec(subject)?.[1] ?? "";
  const wrong = code === "123456" ? "654321" : "123456";

  await page.goto(`/sign-in/check-email?email=${encodeURIComponent(email)}`);
  await page.getByLabel("Six-digit code").fill(wrong);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText(
    "That code is not right. Check the email and try again (4 tries left).",
  );
  await page.getByLabel("Six-digit code").fill(code);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Your account", exact: true })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
});

test("she signs out, and her account page then asks her to sign in", async ({ page }) => {
  const email = uniqueEmail("out");
  await signInWithCode(page, email);
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in\?returnTo=%2Faccount$/);
});

test("signing out everywhere from her phone signs her laptop out too", async ({ browser }) => {
  const email = uniqueEmail("everywhere");
  const laptop = await browser.newContext();
  const phone = await browser.newContext();
  const laptopPage = await laptop.newPage();
  const phonePage = await phone.newPage();
  await signInWithCode(laptopPage, email);
  await signInWithCode(phonePage, email);
  await expect(phonePage.locator(".sessions li")).toHaveCount(2);

  await phonePage.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(phonePage.getByRole("status")).toHaveText("You are signed out on every device.");
  await laptopPage.reload();
  await expect(laptopPage).toHaveURL(/\/sign-in\?returnTo=%2Faccount$/);
  await laptop.close();
  await phone.close();
});

test("a visitor never sees someone else's account, even while that person is signed in", async ({ browser }) => {
  const member = await browser.newContext();
  const visitor = await browser.newContext();
  const memberPage = await member.newPage();
  const email = uniqueEmail("private");
  await signInWithCode(memberPage, email);
  const visitorPage = await visitor.newPage();
  await visitorPage.goto("/account");
  await expect(visitorPage).toHaveURL(/\/sign-in\?returnTo=%2Faccount$/);
  await expect(visitorPage.getByText(email)).toHaveCount(0);
  await member.close();
  await visitor.close();
});

test("a sign-in link that names another site keeps a signed-in reader on this one", async ({ page, baseURL }) => {
  await signInWithCode(page, uniqueEmail("redirect"));
  for (const returnTo of ["//evil.example/x", "/\\evil.example/x", "/.//evil.example/x"]) {
    await page.goto(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
    await expect(page).toHaveURL(`${baseURL}/account`);
  }
});

test("each visitor finds her way in: a reader sees Sign in, the coach lands on her dashboard and sees Admin", async ({
  page,
  browser,
}) => {
  await page.goto("/");
  const header = page.getByRole("navigation", { name: "Main" });
  await expect(header.getByRole("link", { name: "Sign in" })).toBeVisible();
  await expect(header.getByRole("link", { name: "Join" })).toBeVisible();

  await requestSignIn(page, "coach@example.com");
  const subject = await openLatestEmail(page, "coach@example.com", "Your sign-in code");
  await page.goto("/sign-in/check-email?email=coach%40example.com");
  await page.getByLabel("Six-digit code").fill(/(\d{6})$/.exec(subject)?.[1] ?? "");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(header.getByRole("link", { name: "Admin" })).toBeVisible();
  await expect(header.getByRole("link", { name: "Join" })).toHaveCount(0);
  // The header's "Sign in" on a prerendered page sends her on to her own place.
  await page.goto("/sign-in");
  await expect(page).toHaveURL(/\/admin$/);

  // A reader who opens the coach's pages gets the site's own 403 page, with the way to her account.
  const readerEmail = uniqueEmail("guest");
  const readerContext = await browser.newContext();
  const reader = await readerContext.newPage();
  await signInWithCode(reader, readerEmail);
  const refused = await reader.goto("/admin");
  expect(refused?.status()).toBe(403);
  await expect(reader.getByRole("heading", { name: "This page is for the coach" })).toBeVisible();
  await expect(reader.getByRole("link", { name: "Your account" })).toBeVisible();

  // The coach finds her in the members list, opens her page and gives her a free membership.
  await page.getByRole("link", { name: "All members" }).click();
  await page.getByLabel("Search by name or email").fill(readerEmail);
  await page.getByRole("button", { name: "Show" }).click();
  // On a phone the list fits the screen (no sideways scrolling) with her status in view.
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await expect(page.locator("td", { hasText: "Never a member" })).toBeInViewport();
  await page.getByRole("link", { name: readerEmail }).click();
  await expect(page.getByText("Never a member")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.getByRole("button", { name: "Give a free membership" }).click();
  await expect(page.getByRole("status")).toHaveText("Free membership given, with no end date.");
  await expect(page.getByText("Member: free membership")).toBeVisible();
  await reader.goto("/account");
  await expect(reader.getByText("A free membership from the coach.")).toBeVisible();
  await readerContext.close();
});
