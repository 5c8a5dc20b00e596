import { request as httpRequest } from "node:http";
import AxeBuilder from "@axe-core/playwright";
import { uniqueEmail } from "./support/mailbox.ts";
import { expect, test } from "./support/test.ts";

/**
 * One click on Enroll now from its own loopback address (127.0.0.x), as a person on another network
 * sends it: each network has its own limit of anonymous clicks. Resolves with the status.
 */
function clickFrom(origin: string, localAddress: string, email: string): Promise<number> {
  const body = JSON.stringify({ email });
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      `${origin}/api/enroll`,
      {
        method: "POST",
        localAddress,
        agent: false,
        headers: { origin, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

test("in a doors-open rush she gets her place in line at once and reaches checkout by herself", async ({
  page,
  openWindow,
  baseURL,
}) => {
  // A real line: 150 clicks paced at 20 checkout pages a second, then her own turn.
  test.setTimeout(120_000);
  const origin = baseURL ?? "";
  await openWindow();
  // 150 people on 150 networks click just before her: at 20 checkout pages a second, a line of about 7 s.
  let lineFormed: () => void = () => {};
  const formed = new Promise<void>((resolve) => (lineFormed = resolve));
  const crowd = Array.from({ length: 150 }, (_, index) =>
    clickFrom(origin, `127.0.0.${index + 2}`, uniqueEmail(`crowd${index}`)).then((status) => {
      if (status === 202) lineFormed();
      return status;
    }),
  );
  await formed;

  const email = uniqueEmail("in-line");
  await page.goto("/enroll");
  await page.getByLabel("Your email (optional)").fill(email);
  await page.getByRole("button", { name: "Enroll now" }).click();
  await expect(page.getByRole("heading", { name: "You're in line" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText(/ahead of you|You're next/);
  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);

  // Nothing to do but wait: the page takes her to her checkout when her turn comes.
  await expect(page.getByText(`Paying as ${email}`)).toBeVisible({ timeout: 60_000 });
  expect(new Set(await Promise.all(crowd))).toEqual(new Set([200, 202]));
});
