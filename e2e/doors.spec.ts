import { signInWithCode, uniqueEmail } from "./support/mailbox.ts";
import { expect, test } from "./support/test.ts";
import { joinWaitlist } from "./support/waitlist.ts";

/** Wall-clock "YYYY-MM-DDTHH:MM:SS" in UTC, `offsetMs` from now. */
function utcWallTime(offsetMs: number): string {
  return new Date(Date.now() + offsetMs).toISOString().slice(0, 19);
}

test("the enroll page tells each visitor the truth as doors open", async ({ browser }) => {
  // A whole launch in one journey: doors open on a real clock, and two readers confirm from their inboxes.
  test.setTimeout(90_000);
  const coachContext = await browser.newContext();
  const coach = await coachContext.newPage();
  await signInWithCode(coach, "coach@example.com");

  // The coach schedules a window far ahead with the form, in her own time zone.
  await coach.goto("/admin/windows/new");
  await coach.getByLabel("Name").fill(`Test window ${Date.now()}`);
  await coach.getByLabel("Your time zone").selectOption("Europe/London");
  await coach.getByLabel("Doors open to the waitlist (priority access)").fill("2099-03-01T09:00");
  await coach.getByLabel("Doors open to everyone").fill("2099-03-04T09:00");
  // A first try closes doors before they open: the form comes back with what she typed, in her zone.
  await coach.getByLabel("Doors close").fill("2099-03-02T21:00");
  await coach.getByRole("button", { name: "Save window" }).click();
  await expect(coach.getByLabel("Doors close")).toHaveAccessibleDescription(
    "Doors must close after they open to the public.",
  );
  await expect(coach.getByLabel("Your time zone")).toHaveValue("Europe/London");
  await expect(coach.getByLabel("Doors open to everyone")).toHaveValue("2099-03-04T09:00");
  await coach.getByLabel("Doors close").fill("2099-03-08T21:00");
  await coach.getByRole("button", { name: "Save window" }).click();
  // Saving lands on the window's own page.
  await expect(coach.getByRole("status")).toContainText("Saved");
  await expect(coach).toHaveURL(/\/admin\/windows\/win_[^/?]+\?/);
  const editUrl = new URL(coach.url()).pathname;

  const visitorContext = await browser.newContext();
  const visitor = await visitorContext.newPage();
  await visitor.goto("/enroll");
  await expect(visitor.getByRole("heading", { name: "Doors open soon" })).toBeVisible();
  await expect(visitor.getByText("Sunday 1 March 2099 at 09:00 London time")).toBeVisible();
  await expect(visitor.locator(".countdown")).toHaveText(/^\d+ days?, \d+ hours?$/);
  await expect(visitor.getByText(/London time, in \d+ days?, \d+ hours?\./)).toBeVisible();

  // A reader joins the waitlist before doors open, and confirms from the email it sends her.
  const readerContext = await browser.newContext();
  const reader = await readerContext.newPage();
  const readerEmail = uniqueEmail("waitlister");
  await joinWaitlist(reader, readerEmail);

  // She brings the window forward so priority access opens in a few seconds.
  const saved = await coach.request.post(`/api${editUrl}`, {
    headers: { origin: new URL(coach.url()).origin },
    data: {
      name: "Doors test",
      timeZone: "UTC",
      priorityOpensAt: utcWallTime(8_000),
      publicOpensAt: utcWallTime(86_400_000),
      closesAt: utcWallTime(2 * 86_400_000),
    },
  });
  expect(saved.status()).toBe(200);

  // …and schedules the doors-open email from the window's page.
  await coach.goto(editUrl);
  const doorsOpenRow = coach.locator(".launches li").filter({ hasText: "Doors are open" });
  await doorsOpenRow.getByRole("button", { name: "Schedule" }).click();
  await expect(coach.getByRole("status")).toContainText("Scheduled");

  await visitor.reload();
  await expect(visitor.getByRole("heading", { name: "Doors open soon" })).toBeVisible();
  // The countdown reloads the page itself at the instant doors open.
  await expect(visitor.getByRole("heading", { name: "Waitlist members are enrolling now" })).toBeVisible({
    timeout: 15_000,
  });
  await expect(visitor.getByText(/Doors open to everyone on/)).toBeVisible();

  // At the priority instant the doors-open email reaches her; its personal link lets her enroll.
  await expect(async () => {
    await reader.goto(`/dev/mail?to=${encodeURIComponent(readerEmail)}`);
    await expect(reader.locator(".messages a", { hasText: "Doors are open" })).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await reader.locator(".messages a", { hasText: "Doors are open" }).click();
  await reader.locator(".links a", { hasText: "invite=" }).first().click();
  await expect(reader.getByRole("heading", { name: "Doors are open to the waitlist" })).toBeVisible();
  // Her personal link knows who she is: she goes straight to paying.
  await reader.getByRole("button", { name: "Enroll now" }).click();
  await expect(reader.getByText(`Paying as ${readerEmail}`)).toBeVisible();
  await reader.getByLabel("Card number").fill("4242 4242 4242 4242");
  await reader.getByLabel("Expiry date (MM / YY)").fill("12 / 34");
  await reader.getByLabel("Security code (CVC)").fill("123");
  await reader.getByLabel("Name on card").fill("Early Bird");
  await reader.getByRole("button", { name: "Subscribe" }).click();
  await expect(reader.getByRole("heading", { name: "Welcome, you're a member!" })).toBeVisible();

  // A waitlist member (confirmed) who signs in with her waitlist email may enroll too.
  const memberContext = await browser.newContext();
  const member = await memberContext.newPage();
  const email = uniqueEmail("signed-in-waitlister");
  await joinWaitlist(member, email);
  await signInWithCode(member, email);
  await member.goto("/enroll");
  await expect(member.getByRole("heading", { name: "Doors are open to the waitlist" })).toBeVisible();
  await expect(member.getByRole("button", { name: "Enroll now" })).toBeVisible();

  // Tidy up: cancel the window so other tests see closed doors.
  // Cancelling asks first.
  await coach.goto(editUrl);
  await coach.getByRole("link", { name: "Cancel window…" }).click();
  await expect(coach.getByRole("heading", { name: "Cancel Doors test?" })).toBeVisible();
  await coach.getByRole("button", { name: "Yes, cancel this window" }).click();
  await expect(coach.getByRole("status")).toContainText("Window cancelled");
  await Promise.all([coachContext.close(), visitorContext.close(), memberContext.close(), readerContext.close()]);
});
