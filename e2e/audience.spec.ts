import { signInWithCode, uniqueEmail } from "./support/mailbox.ts";
import { expect, test } from "./support/test.ts";

test("the coach brings her list from Mailchimp: a dry run first, then one import, and nobody twice", async ({
  page,
}) => {
  const [ruth, tomas, duplicate] = [uniqueEmail("ruth"), uniqueEmail("tomas"), uniqueEmail("dup")];
  const csv = [
    "Email Address,First Name,Last Name,MEMBER_RATING,OPTIN_TIME",
    `${ruth},Ruth,Ames,2,2025-01-01 10:00:00`,
    `${tomas},Tomás,Ortega,3,2025-02-01 10:00:00`,
    `${duplicate},Ada,,1,2025-03-01 10:00:00`,
    `${duplicate.toUpperCase()},Ada,,1,2025-03-01 10:00:00`,
    "not-an-address,Nobody,,1,2025-03-01 10:00:00",
  ].join("\n");

  await signInWithCode(page, "coach@example.com");
  await page.goto("/admin");
  await page.getByRole("link", { name: /^Audience/ }).click();
  await expect(page.getByRole("heading", { name: "Audience", level: 1 })).toBeVisible();

  await page
    .getByLabel(/CSV file/)
    .setInputFiles({ name: "subscribed_members.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByLabel("Add them to").selectOption("newsletter");
  await page.getByRole("button", { name: "Check the file" }).click();

  // The dry run: what will happen, before anything is written.
  await expect(page.getByRole("heading", { name: "Import subscribed_members.csv" })).toBeVisible();
  await expect(page.getByText("Read as a Mailchimp export: 5 rows.")).toBeVisible();
  const counts = page.getByRole("table");
  await expect(counts.getByRole("row", { name: /New on the newsletter/ })).toContainText("3");
  await expect(counts.getByRole("row", { name: /Duplicates merged/ })).toContainText("1");
  await expect(counts.getByRole("row", { name: /Invalid rows/ })).toContainText("1");
  await expect(page.getByText(/^Line 6: /)).toBeVisible();

  await page.getByRole("button", { name: "Import 3 people" }).click();
  await expect(page.getByRole("status")).toContainText("Imported: 3 new, 0 updated");
  await expect(page.getByRole("heading", { name: /^Imported on / })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Import \d+ people/ })).toHaveCount(0);

  // The same import posted again (a second tab, a double click) imports nothing twice.
  const again = await page.request.post(`${new URL(page.url()).pathname.replace("/admin/", "/api/admin/")}/run`, {
    headers: { origin: new URL(page.url()).origin },
  });
  expect(again.status()).toBe(200);
  expect((await again.json()).alreadyImported).toBe(true);

  // Everyone, with lists and statuses, in the export.
  const exported = await page.request.get("/api/admin/audience/export");
  const text = await exported.text();
  expect(text.split("\n").filter((line) => line.includes(ruth))).toHaveLength(1);
  expect(text).toContain(tomas);
  expect(text).toContain(duplicate);
  expect(text).not.toContain(duplicate.toUpperCase());
});
