/**
 * The restore drill for what this package keeps beside the platform's tables: pg-boss's schema (queues, jobs,
 * schedules) and the campaign tables. Backed up and restored with `pnpm backup`'s code, they must come back the
 * same, and pg-boss must then start on the restored database and find its job.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { backupDatabase, fingerprintTables, queryThroughHandle, restoreDatabase } from "@academy/db/backup";
import { type DatabaseHandle, openDatabase } from "@academy/db/client";
import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { enqueueCampaign } from "./campaign.ts";
import { createJobs } from "./jobs.ts";

const serverUrl = inject("databaseUrl");
const scratch = mkdtempSync(join(tmpdir(), "academy-jobs-drill-"));
const dropDatabases: string[] = [];
afterAll(async () => {
  if (serverUrl && dropDatabases.length > 0) {
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    try {
      for (const name of dropDatabases) await admin.unsafe(`drop database if exists "${name}" with (force)`);
    } finally {
      await admin.end();
    }
  }
  rmSync(scratch, { recursive: true, force: true });
});

async function createPlace(name: string): Promise<{ url?: string; dataDir: string }> {
  const dataDir = join(scratch, name);
  if (!serverUrl) return { dataDir };
  const database = `academy_jobs_drill_${process.pid}_${Math.random().toString(36).slice(2, 8)}_${name}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${database}"`);
  } finally {
    await admin.end();
  }
  dropDatabases.push(database);
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return { url: url.toString(), dataDir };
}

describe(`restore drill for jobs (${serverUrl ? "PostgreSQL" : "PGlite"})`, () => {
  it("brings back pg-boss's queues, jobs and schedules and the campaigns, and pg-boss starts on them", async () => {
    const source = await createPlace("source");
    const target = await createPlace("restored");
    const file = join(scratch, serverUrl ? "jobs.dump" : "jobs.tar.gz");
    const later = new Date(Date.now() + 86_400_000);

    let database: DatabaseHandle = await openDatabase({ ...source, poolSize: 2 });
    let before: Awaited<ReturnType<typeof fingerprintTables>>;
    try {
      const jobs = await createJobs<{ reminder: { runner: string } }>({ database, supervise: false });
      await jobs.send("reminder", { runner: `O'Brien "🏃‍♀️"\n` }, { startAfter: later });
      await jobs.schedule("reminder", "0 3 * * *", { runner: "nightly" }, { tz: "America/Denver" });
      await enqueueCampaign(jobs, {
        campaignId: "drill-launch",
        sendAt: later,
        recipients: [{ key: "runner@example.com", payload: { firstName: "Ana" } }],
      });
      await jobs.stop();
      before = await fingerprintTables(queryThroughHandle(database));
    } finally {
      await database.close();
    }
    for (const table of ["pgboss.queue", "pgboss.schedule", "jobs.campaign", "jobs.campaign_delivery"]) {
      expect(before[table]?.rows, `${table} has rows before the backup`).toBeGreaterThan(0);
    }
    // Jobs live in job_common, or in a table of their own per partitioned queue.
    const jobTables = Object.entries(before).filter(([name]) => /^pgboss\.(job_common|j[0-9a-f]+)$/.test(name));
    expect(jobTables.reduce((sum, [, table]) => sum + table.rows, 0)).toBeGreaterThan(0);

    await backupDatabase({ ...source, file });
    await restoreDatabase({ ...target, file, force: false });

    database = await openDatabase({ ...target, poolSize: 2 });
    try {
      expect(await fingerprintTables(queryThroughHandle(database))).toEqual(before);
      const jobs = await createJobs<{ reminder: { runner: string } }>({ database, supervise: false });
      try {
        const waiting = await jobs.boss.findJobs("reminder", { data: { runner: `O'Brien "🏃‍♀️"\n` } });
        expect(waiting).toHaveLength(1);
      } finally {
        await jobs.stop();
      }
    } finally {
      await database.close();
    }
  }, 240_000);
});
