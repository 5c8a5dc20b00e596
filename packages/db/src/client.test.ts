import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { DatabaseUnavailableError, openDatabase } from "./client.ts";
import { DataFolderLockedError } from "./lock.ts";
import { countWaitlist, joinWaitlist } from "./queries/waitlist.ts";

describe("openDatabase on a PGlite data folder", () => {
  it("keeps what was written across a restart and does not migrate twice", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "academy-db-"));
    const first = await openDatabase({ dataDir });
    await joinWaitlist(first.db, { email: "kept@example.com", consentText: "yes" });
    const migrations = await first.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    await first.close();

    const second = await openDatabase({ dataDir });
    expect(await countWaitlist(second.db)).toBe(1);
    const again = await second.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    expect(again.rows).toEqual(migrations.rows);
    await second.close();
  });

  it("refuses to open a folder that is already open", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "academy-db-"));
    const open = await openDatabase({ dataDir });
    await expect(openDatabase({ dataDir })).rejects.toThrow(DataFolderLockedError);
    await open.close();
  });
});

describe("openDatabase on PostgreSQL", () => {
  it("explains in one line when the server does not answer", async () => {
    const attempt = openDatabase({ url: "postgres://nobody@127.0.0.1:1/none" });
    await expect(attempt).rejects.toThrow(DatabaseUnavailableError);
    await expect(attempt).rejects.toThrow(/^Could not connect to PostgreSQL at 127\.0\.0\.1:1\/none \(ECONNREFUSED\)/);
  });
});
