import { readFileSync } from "node:fs";
import type { DatabaseHandle } from "@academy/db/client";
import {
  audienceImportDrafts,
  audienceImports,
  emailSuppressions,
  newsletterSubscriptions,
  waitlistEntries,
} from "@academy/db/schema";
import { createTestDatabase } from "@academy/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeEach, describe, expect, inject, it } from "vitest";
import { runImport, uploadImport } from "./import.ts";
import { suppressAddress } from "./suppression.ts";

const NOW = new Date("2026-12-03T10:00:00Z");

function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
}

describe("importing the coach's list", () => {
  let database: DatabaseHandle;
  afterAll(() => database?.close());
  beforeEach(async () => {
    database ??= await createTestDatabase(inject("databaseUrl"));
    const { db } = database;
    for (const table of [
      audienceImports,
      audienceImportDrafts,
      newsletterSubscriptions,
      waitlistEntries,
      emailSuppressions,
    ]) {
      await db.delete(table);
    }
  });

  async function upload(csv: string, list: "newsletter" | "waitlist" = "newsletter") {
    return uploadImport(database.db, { fileName: "list.csv", csv, list, actor: "coach@example.com" });
  }

  it("shows a dry run's counts and writes no one until the import", async () => {
    const { db } = database;
    await db
      .insert(newsletterSubscriptions)
      .values([{ email: "dana.fox@example.com", consentSource: "form", confirmedAt: NOW }]);
    const csv = `${fixture("beehiiv.csv")}bad-address,,,active,free,2024-07-05 08:00:00 UTC,,Yes,No,\nDANA.FOX@example.com,,,active,free,2024-07-05 08:00:00 UTC,,Yes,No,\n`;
    const preview = await upload(csv);
    expect(preview).toMatchObject({
      kind: "ready",
      service: "beehiiv",
      counts: {
        rows: 6,
        new: 0,
        updated: 1,
        duplicatesMerged: 1,
        invalid: 1,
        suppressed: 2,
        keptOff: 0,
        unconfirmed: 1,
      },
      invalidRows: [{ line: 6, problem: '"bad-address" is not an email address' }],
    });
    expect(await db.select().from(newsletterSubscriptions)).toHaveLength(1);
    expect(await db.select().from(emailSuppressions)).toHaveLength(0);
  });

  it("imports exactly what the dry run counted, with the source and date as each person's consent trail", async () => {
    const { db } = database;
    const preview = await upload(fixture("kit.csv"));
    if (preview.kind !== "ready") throw new Error(preview.kind);
    const done = await runImport(db, preview.draftId, NOW);
    expect(done).toMatchObject({ kind: "imported", alreadyImported: false, preview: { counts: preview.counts } });
    expect(await db.select().from(newsletterSubscriptions)).toEqual([
      expect.objectContaining({
        email: "helen.okafor@example.com",
        firstName: "Helen",
        consentSource: "import:kit",
        consentAt: NOW,
        confirmedAt: NOW,
        unsubscribedAt: null,
      }),
    ]);
    const suppressed = await db.select().from(emailSuppressions).orderBy(emailSuppressions.email);
    expect(suppressed.map((row) => [row.email, row.reason, row.source])).toEqual([
      ["bounce.me@example.com", "hard_bounce", "import:kit"],
      ["gail.w@example.com", "complaint", "import:kit"],
      ["rosa.lind@example.com", "unsubscribed", "import:kit"],
    ]);
    expect(await db.select().from(audienceImports)).toEqual([
      expect.objectContaining({
        email: "helen.okafor@example.com",
        service: "kit",
        fileName: "list.csv",
        importedAt: NOW,
      }),
    ]);
  });

  it("imports once however often the coach clicks", async () => {
    const { db } = database;
    const preview = await upload(fixture("substack.csv"));
    if (preview.kind !== "ready") throw new Error(preview.kind);
    const [first, second] = await Promise.all([
      runImport(db, preview.draftId, NOW),
      runImport(db, preview.draftId, NOW),
    ]);
    const outcomes = [first, second].map((result) => result.kind === "imported" && result.alreadyImported).sort();
    expect(outcomes).toEqual([false, true]);
    expect(await db.select().from(newsletterSubscriptions)).toHaveLength(2);
  });

  it("never puts back someone who left here or is suppressed", async () => {
    const { db } = database;
    await db.insert(newsletterSubscriptions).values({
      email: "june.hartley@example.com",
      consentSource: "form",
      confirmedAt: NOW,
      unsubscribedAt: NOW,
    });
    await suppressAddress(db, { email: "priya.nair@example.com", reason: "complaint", source: "webhook", at: NOW });
    const preview = await upload(fixture("mailchimp-subscribed.csv"));
    expect(preview).toMatchObject({ counts: { new: 0, keptOff: 2 } });
    if (preview.kind !== "ready") throw new Error(preview.kind);
    await runImport(db, preview.draftId, NOW);
    const rows = await db.select().from(newsletterSubscriptions);
    expect(rows.map((row) => [row.email, row.unsubscribedAt])).toEqual([["june.hartley@example.com", NOW]]);
  });

  it("puts waitlist rows on the waitlist as confirmed (priority access), settling a pending signup", async () => {
    const { db } = database;
    await db.insert(waitlistEntries).values({
      id: "wl_pending",
      email: "abby.marsh@example.com",
      consentText: "form",
      confirmationDueAt: NOW,
    });
    const preview = await upload(fixture("ghost.csv"), "waitlist");
    if (preview.kind !== "ready") throw new Error(preview.kind);
    expect(preview.counts).toMatchObject({ new: 0, updated: 1, suppressed: 1 });
    await runImport(db, preview.draftId, NOW);
    const [entry] = await db.select().from(waitlistEntries);
    expect(entry).toMatchObject({
      email: "abby.marsh@example.com",
      firstName: "Abby",
      confirmedAt: NOW,
      confirmationDueAt: null,
      source: "import:ghost",
    });
    expect(entry?.consentText).toContain("Ghost");
  });

  it("refuses a malformed file with its line, keeping nothing", async () => {
    const { db } = database;
    const csv = 'email,name\nok@example.com,Ok\nbad@example.com,"never closed\nmore@example.com,x\n';
    expect(await upload(csv)).toEqual({
      kind: "malformed",
      line: 3,
      message: "Line 3: a quoted value is never closed.",
    });
    expect(await db.select().from(audienceImportDrafts)).toHaveLength(0);
    expect(await db.select().from(newsletterSubscriptions)).toHaveLength(0);
  });

  it("writes nothing at all when the import fails part-way", async () => {
    const { db } = database;
    const preview = await upload(fixture("kit.csv"));
    if (preview.kind !== "ready") throw new Error(preview.kind);
    // The subscriptions are written, then the consent trail fails: the whole import must roll back.
    await db.execute(sql`create or replace function fail_import() returns trigger language plpgsql as $$
      begin raise exception 'disk full'; end $$`);
    await db.execute(
      sql`create trigger fail_import before insert on audience_imports for each statement execute function fail_import()`,
    );
    try {
      await expect(runImport(db, preview.draftId, NOW)).rejects.toThrow();
    } finally {
      await db.execute(sql`drop trigger fail_import on audience_imports`);
    }
    expect(await db.select().from(newsletterSubscriptions)).toHaveLength(0);
    expect(await db.select().from(emailSuppressions)).toHaveLength(0);
    const [draft] = await db.select().from(audienceImportDrafts);
    expect(draft?.importedAt).toBeNull();
    // And the same draft imports once the fault is gone.
    expect(await runImport(db, preview.draftId, NOW)).toMatchObject({ kind: "imported", alreadyImported: false });
    expect(await db.select().from(newsletterSubscriptions)).toHaveLength(1);
  });
});
