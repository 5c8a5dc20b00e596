import { expect, test } from "./support/test.ts";

test("a NUL byte or a broken character in a page's query is refused with a message, never a server error", async ({
  request,
}) => {
  // (A broken UTF-8 sequence in a URL decodes to U+FFFD, which is harmless text; a NUL byte is not.)
  for (const path of ["/admin/waitlist?q=a%00b", "/join?email=%00", "/enroll?x%00=1"]) {
    const response = await request.get(path, { maxRedirects: 0 });
    expect(response.status(), path).toBe(400);
    expect(await response.text(), path).toMatch(/^Remove the invisible or broken character/);
  }
});

test("the development mailbox, with every sign-in code in it, opens only to a browser on this machine", async ({
  request,
}) => {
  expect((await request.get("/dev/mail")).status()).toBe(200);
  const throughProxy = await request.get("/dev/mail", { headers: { "x-forwarded-for": "203.0.113.9" } });
  expect(throughProxy.status()).toBe(404);
  const rebound = await request.get("/dev/mail", { headers: { host: "evil.example" } });
  expect(rebound.status()).toBe(404);
});

test("a link cannot put its own words on the site's pages; the site's own messages still show", async ({ page }) => {
  await page.goto(`/sign-in?error=${encodeURIComponent("Your account is locked. Call +1 555 0100 to unlock it.")}`);
  await expect(page.getByText("Your account is locked")).toHaveCount(0);
  await page.goto(`/join?error=${encodeURIComponent("Pay a reactivation fee at evil.example")}`);
  await expect(page.getByText("reactivation fee")).toHaveCount(0);

  await page.goto("/sign-in");
  await page.getByLabel("Email").fill("not-an-address");
  await page.getByLabel("Email").evaluate((input: HTMLInputElement) => input.removeAttribute("type"));
  await page.getByRole("button", { name: "Email me a sign-in link" }).click();
  await expect(page.getByRole("alert")).toHaveText("Enter an email address like name@example.com.");
});
