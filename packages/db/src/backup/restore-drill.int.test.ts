/**
 * The restore drill: a database with rows in every table is backed up, restored into an empty one, and must come
 * back the same, table by table (row count and a checksum of the rows). On PGlite with the stripe-local state
 * folder beside it; on PostgreSQL (TEST_DATABASE_URL) into a database of its own.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { type Database, type DatabaseHandle, openDatabase } from "../client.ts";
import { newId } from "../id.ts";
import * as schema from "../schema/index.ts";
import {
  BackupError,
  backupDatabase,
  fingerprintTables,
  queryThroughHandle,
  restoreDatabase,
  summarizeTables,
} from "./index.ts";
import { queryThroughPostgres } from "./tables.ts";

const serverUrl = inject("databaseUrl");
const scratch = mkdtempSync(join(tmpdir(), "academy-drill-"));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

/** Where a database lives: what openDatabase, backupDatabase and restoreDatabase take. */
interface Place {
  url?: string;
  dataDir: string;
}

async function createPlace(name: string): Promise<Place> {
  const dataDir = join(scratch, name);
  if (!serverUrl) return { dataDir };
  const database = `academy_drill_${process.pid}_${Math.random().toString(36).slice(2, 8)}_${name}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${database}"`);
  } finally {
    await admin.end();
  }
  cleanups.push(async () => {
    const dropper = postgres(serverUrl, { max: 1, onnotice: () => {} });
    try {
      await dropper.unsafe(`drop database if exists "${database}" with (force)`);
    } finally {
      await dropper.end();
    }
  });
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return { url: url.toString(), dataDir };
}

async function open(place: Place): Promise<DatabaseHandle> {
  return openDatabase({ url: place.url, dataDir: place.dataDir, poolSize: 2 });
}

// Text that a careless dump or load would change: quotes, backslashes, line breaks, tabs, non-ASCII, emoji.
const awkward = `O'Brien "quoted" \\ back\\slash\nnew line\ttab — naïve café 🏃‍♀️`;
const at = (iso: string) => new Date(iso);

/** At least one row in every table of the platform's schema, with nulls, JSON and awkward text among them. */
async function fillEveryTable(db: Database): Promise<void> {
  const [runner, coach] = [newId("usr"), newId("usr")];
  await db.insert(schema.users).values([
    { id: runner, email: "runner@example.com" },
    { id: coach, email: "coach@example.com", createdAt: at("2026-01-02T03:04:05.678Z") },
  ]);
  await db.insert(schema.sessions).values({
    id: newId("ses"),
    userId: runner,
    secretHash: "a".repeat(64),
    lastVerifiedAt: at("2026-03-01T10:00:00.123Z"),
    expiresAt: at("2026-03-31T10:00:00Z"),
    userAgent: awkward,
    createdAt: at("2026-03-01T10:00:00Z"),
  });
  await db.insert(schema.signInChallenges).values({
    id: newId("tok"),
    email: "runner@example.com",
    secretHash: "b".repeat(64),
    codeHash: "c".repeat(64),
    requesterHash: null,
    failedAttempts: 2,
    expiresAt: at("2026-03-01T10:10:00Z"),
    returnTo: "/lessons/week-1?tab=plan#today",
    createdAt: at("2026-03-01T10:00:00Z"),
  });
  await db.insert(schema.rateLimitWindows).values([
    { key: "sign-in:ip:203.0.113.0", windowStart: at("2026-03-01T10:00:00Z"), hits: 3 },
    { key: "waitlist:email:runner@example.com", windowStart: at("2026-03-01T00:00:00Z"), hits: 1 },
  ]);
  const window = newId("win");
  await db.insert(schema.enrollmentWindows).values([
    {
      id: window,
      name: `Spring ${awkward}`,
      priorityOpensAt: at("2026-04-01T16:00:00Z"),
      publicOpensAt: at("2026-04-03T16:00:00Z"),
      closesAt: at("2026-04-07T06:00:00Z"),
      timeZone: "America/Denver",
      capacity: 40,
    },
    {
      id: newId("win"),
      name: "Cancelled autumn",
      priorityOpensAt: at("2026-09-01T16:00:00Z"),
      publicOpensAt: at("2026-09-03T16:00:00Z"),
      closesAt: at("2026-09-07T06:00:00Z"),
      timeZone: "Europe/Lisbon",
      capacity: null,
      cancelledAt: at("2026-08-01T00:00:00Z"),
    },
  ]);
  await db.insert(schema.launchEmails).values([
    { windowId: window, kind: "priority", sendAt: at("2026-04-01T16:00:00Z"), status: "sent", jobId: newId("job") },
    { windowId: window, kind: "closing", sendAt: at("2026-04-06T16:00:00Z"), status: "scheduled", jobId: null },
  ]);
  const entry = newId("wl");
  await db.insert(schema.waitlistEntries).values([
    {
      id: entry,
      email: "runner@example.com",
      firstName: "Ana",
      source: "article:strength-after-40",
      consentText: awkward,
      confirmedAt: at("2026-02-01T08:00:00Z"),
      confirmationRequestedAt: at("2026-02-01T07:59:00Z"),
    },
    {
      id: newId("wl"),
      email: "left@example.com",
      firstName: null,
      source: null,
      consentText: "Email me when doors open.",
      unsubscribedAt: at("2026-02-10T08:00:00Z"),
      confirmationDueAt: at("2026-02-01T08:00:00Z"),
      welcomeDueAt: null,
    },
  ]);
  await db.insert(schema.enrollLinkClicks).values({ windowId: window, waitlistEntryId: entry });
  await db.insert(schema.billingCustomers).values({ userId: runner, stripeCustomerId: "cus_drill1" });
  await db.insert(schema.subscriptions).values({
    id: "sub_drill1",
    userId: runner,
    stripeCustomerId: "cus_drill1",
    status: "active",
    priceId: "price_monthly",
    currentPeriodEnd: at("2026-05-01T16:00:00Z"),
    cancelAtPeriodEnd: true,
    pausedAt: null,
    windowId: window,
  });
  await db.insert(schema.stripeEvents).values({ id: "evt_drill1", type: "customer.subscription.updated" });
  await db.insert(schema.checkoutSessions).values([
    {
      id: "cs_drill_member",
      userId: runner,
      windowId: window,
      url: "https://checkout.example/c/pay/cs_drill_member#fragment",
      expiresAt: at("2026-04-02T16:00:00Z"),
      completedAt: at("2026-04-01T16:05:00Z"),
    },
    {
      id: "cs_drill_visitor",
      anonymousId: "visitor-7f3a",
      windowId: window,
      url: "https://checkout.example/c/pay/cs_drill_visitor",
      expiresAt: at("2026-04-04T16:00:00Z"),
      expiredAt: at("2026-04-04T16:00:01Z"),
    },
  ]);
  await db.insert(schema.outboxMessages).values({
    id: newId("msg"),
    from: "Coach <coach@example.com>",
    to: "runner@example.com",
    subject: `Doors are open ${awkward}`,
    text: awkward,
    html: `<p>${awkward}</p>`,
    headers: { "List-Unsubscribe": "<https://example.com/u?t=1>", "X-Quote": awkward },
    messageId: "<launch-1@example.com>",
  });
  await db.insert(schema.systemFlags).values({ key: "drill", value: { nested: [1, "two", null, { awkward }] } });
  await db.insert(schema.billingInvoices).values({
    id: "in_drill1",
    userId: runner,
    subscriptionId: "sub_drill1",
    status: "paid",
    currency: "usd",
    amountDue: 2900,
    amountPaid: 2900,
    amountRefunded: 0,
    issuedAt: at("2026-04-01T16:05:00.250Z"),
    paidAt: at("2026-04-01T16:05:01Z"),
    receiptUrl: "https://invoice.example/i/in_drill1?s=ap",
  });
  await db.insert(schema.membershipGrants).values({
    id: newId("grt"),
    userId: coach,
    startsAt: at("2026-03-01T00:00:00Z"),
    endsAt: null,
    grantedBy: "coach@example.com",
    note: awkward,
  });
  await db.insert(schema.memberActions).values({
    id: newId("act"),
    userId: runner,
    kind: "refund",
    requestKey: "form-1",
    actor: "coach@example.com",
    status: "done",
    detail: { amount: 2900, currency: "usd", note: null },
  });
  await db.insert(schema.emailChangeRequests).values({
    id: newId("tok"),
    userId: runner,
    newEmail: "runner.new@example.com",
    secretHash: "d".repeat(64),
    expiresAt: at("2026-03-02T10:00:00Z"),
    confirmedAt: null,
    createdAt: at("2026-03-01T10:00:00Z"),
  });
  await db.insert(schema.enrollOpenings).values({
    holder: "anon:visitor-7f3a",
    windowId: window,
    priority: "anonymous",
    number: 7,
    state: "open",
    prefillEmail: "visitor@example.com",
    startedAt: at("2026-04-01T16:00:00.125Z"),
    leaseHolder: null,
    leaseUntil: null,
    finishedAt: at("2026-04-01T16:00:02Z"),
  });
  await db.insert(schema.stripePace).values({ lane: "checkout_sessions", nextAt: at("2026-04-01T16:00:00.05Z") });
  await db.insert(schema.memberProfiles).values({
    userId: runner,
    planSlug: "strong-foundations",
    startDate: "2026-04-06",
    availableDays: ["mon", "wed", "sat"],
    currentWeeklyRunningMinutes: 95,
    experience: "returning",
    calendarTokenHash: "d".repeat(64),
    raceDate: "2026-06-14",
    recentRace: { distanceKm: 10, timeSeconds: 3300 },
    maxHeartRate: null,
  });
  await db.insert(schema.sessionLogs).values([
    {
      id: newId("log"),
      userId: runner,
      submissionId: "form-1",
      sessionId: "w1-strength",
      date: "2026-04-07",
      entry: {
        type: "strength",
        sessionId: "w1-strength",
        date: "2026-04-07",
        durationMinutes: 40,
        rpe: 7,
        exercises: [{ exerciseId: "goblet-squat", sets: [{ reps: 8, loadKg: 12.5, rir: 2 }] }],
      },
    },
    {
      id: newId("log"),
      userId: runner,
      submissionId: "form-2",
      sessionId: null,
      date: "2026-04-08",
      entry: { type: "run", date: "2026-04-08", minutes: 32, distanceKm: 5.25, rpe: 5 },
    },
  ]);
  await db.insert(schema.lessonProgress).values({ userId: runner, lessonSlug: "foundations/breathing" });
  await db.insert(schema.emailSuppressions).values({
    email: "bounced@example.com",
    reason: "hard_bounce",
    source: "webhook:postmark",
    suppressedAt: at("2026-04-02T08:00:00.5Z"),
  });
  await db.insert(schema.newsletterSubscriptions).values([
    {
      email: "reader@example.com",
      firstName: awkward,
      lastName: null,
      consentSource: "import:mailchimp",
      consentAt: at("2026-01-15T00:00:00Z"),
      requestedAt: null,
      confirmedAt: at("2026-01-15T00:00:00Z"),
      unsubscribedAt: null,
    },
    {
      email: "left@example.com",
      consentSource: "article form",
      requestedAt: at("2026-02-01T09:00:00Z"),
      confirmedAt: at("2026-02-01T09:05:00Z"),
      unsubscribedAt: at("2026-03-01T09:00:00Z"),
    },
  ]);
  const importId = newId("imp");
  await db.insert(schema.audienceImports).values({
    email: "reader@example.com",
    importId,
    service: "mailchimp",
    fileName: "members_export.csv",
    list: "newsletter",
    importedAt: at("2026-01-15T00:00:00Z"),
  });
  await db.insert(schema.audienceImportDrafts).values({
    id: importId,
    fileName: "members_export.csv",
    csv: `Email Address,First Name\nreader@example.com,"${awkward.replaceAll('"', '""')}"\n`,
    list: "newsletter",
    mapping: null,
    createdBy: "coach@example.com",
    importedAt: at("2026-01-15T00:00:00Z"),
    result: { added: 1, updated: 0 },
  });
  await db.insert(schema.emailBounceCounts).values({
    email: "bounced@example.com",
    softBounces: 2,
    hardBounces: 1,
    complaints: 0,
    lastEventAt: at("2026-04-02T08:00:00.5Z"),
  });
  await db.insert(schema.emailWebhookReceipts).values({
    provider: "postmark",
    eventId: "pm-1",
    receivedAt: at("2026-04-02T08:00:01Z"),
  });
}

describe(`restore drill (${serverUrl ? "PostgreSQL" : "PGlite"})`, () => {
  it("restores every row of every table into an empty database, which the platform then opens", async () => {
    const source = await createPlace("source");
    const target = await createPlace("restored");
    const file = join(scratch, serverUrl ? "drill.dump" : "drill.tar.gz");

    const database = await open(source);
    let before: Awaited<ReturnType<typeof fingerprintTables>>;
    try {
      await fillEveryTable(database.db);
      before = await fingerprintTables(queryThroughHandle(database));
      if (!serverUrl) {
        // The running server holds the PGlite folder: a backup then refuses rather than copy a folder in use.
        await expect(backupDatabase({ ...source, file })).rejects.toThrow(/Cannot back up .* stop it/);
      }
    } finally {
      await database.close();
    }
    const empty = Object.entries(before).filter(([name, table]) => name.startsWith("public.") && table.rows === 0);
    expect(
      empty.map(([name]) => name),
      "tables the drill puts no rows in: add them to fillEveryTable",
    ).toEqual([]);
    expect(before["drizzle.__drizzle_migrations"]?.rows).toBeGreaterThan(0);

    const stripeState = {
      "snapshot.json": '{"version":1,"seq":2,"collections":{}}\n',
      "journal.ndjson": "0a1b2c3d {}\n",
    };
    if (!serverUrl) {
      mkdirSync(join(source.dataDir, "stripe-local"));
      for (const [name, text] of Object.entries(stripeState))
        writeFileSync(join(source.dataDir, "stripe-local", name), text);
      writeFileSync(join(source.dataDir, "stripe-local", "stripe-local.lock"), "999999999");
    }

    const rows = Object.values(before).reduce((sum, table) => sum + table.rows, 0);
    const made = await backupDatabase({ ...source, file });
    expect({ rows: made.rows, stripeLocal: made.stripeLocal }).toEqual({ rows, stripeLocal: !serverUrl });

    const restored = await restoreDatabase({ ...target, file, force: false });
    expect({ tables: restored.tables, rows: restored.rows }).toEqual({ tables: made.tables, rows });

    // Opening runs the migrations: already applied ones are recognised, so nothing changes.
    const reopened = await open(target);
    try {
      expect(await fingerprintTables(queryThroughHandle(reopened))).toEqual(before);
    } finally {
      await reopened.close();
    }
    if (!serverUrl) {
      for (const [name, text] of Object.entries(stripeState)) {
        expect(readFileSync(join(target.dataDir, "stripe-local", name), "utf8")).toBe(text);
      }
      expect(existsSync(join(target.dataDir, "stripe-local", "stripe-local.lock"))).toBe(false);
      expect(existsSync(join(target.dataDir, "pglite", "academy.lock"))).toBe(false);
    }

    // The target now holds tables: a second restore refuses rather than mix two databases, unless forced.
    const refused = await restoreDatabase({ ...target, file, force: false }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BackupError);
    expect(String(refused)).toMatch(/already (has|holds) .*--force/);
    const forced = await restoreDatabase({ ...target, file, force: true });
    expect({ tables: forced.tables, rows: forced.rows }).toEqual({ tables: made.tables, rows });
    if (!serverUrl) expect(forced.replacedTo && existsSync(join(forced.replacedTo, "pglite", "PG_VERSION"))).toBe(true);
  }, 240_000);

  it("leaves the target untouched when the backup is damaged", async () => {
    const target = await createPlace("damaged");
    const damaged = join(scratch, serverUrl ? "damaged.dump" : "damaged.tar.gz");
    // A header that names the kind of backup, then garbage.
    const header = serverUrl ? Buffer.from("PGDMP") : Buffer.from([0x1f, 0x8b, 0x08, 0x00]);
    writeFileSync(damaged, Buffer.concat([header, Buffer.alloc(64, 7)]));
    await expect(restoreDatabase({ ...target, file: damaged, force: false })).rejects.toThrow(BackupError);
    if (target.url) {
      const client = postgres(target.url, { max: 1, onnotice: () => {} });
      try {
        expect(await summarizeTables(queryThroughPostgres(client))).toEqual({ tables: 0, rows: 0 });
      } finally {
        await client.end();
      }
    } else {
      expect(existsSync(join(target.dataDir, "pglite", "PG_VERSION"))).toBe(false);
    }
  }, 120_000);
});
