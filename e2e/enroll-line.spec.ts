import AxeBuilder from "@axe-core/playwright";
import { uniqueEmail } from "./support/mailbox.ts";
import { expect, test } from "./support/test.ts";
import { openPublicWindow } from "./support/windows.ts";

test("in a doors-open rush she gets her place in line at once and reaches checkout by herself", async ({
  page,
  browser,
  request,
  baseURL,
}) => {
  const closeWindow = await openPublicWindow(browser);
  try {
    // 200 people click just before her: at 20 checkout pages a second, a line of about ten seconds.
    let lineFormed: () => void = () => {};
    const formed = new Promise<void>((resolve) => (lineFormed = resolve));
    const crowd = Array.from({ length: 200 }, (_, index) =>
      request
        .post("/api/enroll", { headers: { origin: baseURL ?? "" }, data: { email: uniqueEmail(`crowd${index}`) } })
        .then((response) => {
          if (response.status() === 202) lineFormed();
          return response.status();
        }),
    );
    await formed;

    const email = uniqueEmail("in-line");
    await page.goto("/enroll");
    await page.getByLabel("Your email").fill(email);
    await page.getByRole("button", { name: "Enroll now" }).click();
    await expect(page.getByRole("heading", { name: "You're in line" })).toBeVisible();
    await expect(page.getByRole("status")).toContainText(/ahead of you|You're next/);
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);

    // Nothing to do but wait: the page takes her to her checkout when her turn comes.
    await expect(page.getByText(`Paying as ${email}`)).toBeVisible({ timeout: 60_000 });
    expect(new Set(await Promise.all(crowd))).toEqual(new Set([200, 202]));
  } finally {
    await closeWindow();
  }
});
