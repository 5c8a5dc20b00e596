import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { DatabaseUnavailableError, openDatabase } from "./client.ts";
import { DataFolderLockedError } from "./lock.ts";
import { countUnconfirmedWaitlist, joinWaitlist } from "./queries/waitlist.ts";

const appliedMigrations = sql`select hash, created_at from drizzle.__drizzle_migrations order by id`;

describe("openDatabase on a PGlite data folder", () => {
  it("keeps what was written across a restart and does not migrate twice", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "academy-db-"));
    const first = await openDatabase({ dataDir });
    await joinWaitlist(first.db, { email: "kept@example.com", consentText: "yes" });
    const migrations = JSON.stringify(await first.db.execute(appliedMigrations));
    await first.close();

    const second = await openDatabase({ dataDir });
    expect(await countUnconfirmedWaitlist(second.db)).toBe(1);
    expect(JSON.stringify(await second.db.execute(appliedMigrations))).toBe(migrations);
    await second.close();
    // Two PGlite starts and a full migration: seconds alone, near a minute on a loaded 2-core machine.
  }, 120_000);

  it("refuses to open a folder that is already open", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "academy-db-"));
    const open = await openDatabase({ dataDir });
    await expect(openDatabase({ dataDir })).rejects.toThrow(DataFolderLockedError);
    await open.close();
  }, 120_000);
});

describe("openDatabase on PostgreSQL", () => {
  it("explains in one line when the server does not answer", async () => {
    const attempt = openDatabase({ url: "postgres://nobody@127.0.0.1:1/none" });
    await expect(attempt).rejects.toThrow(DatabaseUnavailableError);
    await expect(attempt).rejects.toThrow(/^Could not connect to PostgreSQL at 127\.0\.0\.1:1\/none \(ECONNREFUSED\)/);
  });
});
