import type { JobsDatabase } from "./database-adapter.ts";

/**
 * The campaign tables live in their own `jobs` schema, beside pg-boss's, and outside the platform's
 * drizzle migrations: this package owns them and creates them at start. Each migration is
 * idempotent and runs under a transaction-level advisory lock, so instances starting together on
 * one PostgreSQL database apply it once between them.
 */
const migrations: readonly string[] = [
  `
  CREATE TABLE IF NOT EXISTS jobs.campaign (
    id text PRIMARY KEY,
    send_at timestamptz NOT NULL,
    status text NOT NULL CHECK (status IN ('enqueueing', 'scheduled', 'sending', 'completed')),
    recipient_count integer NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    completed_at timestamptz
  );
  CREATE TABLE IF NOT EXISTS jobs.campaign_delivery (
    campaign_id text NOT NULL REFERENCES jobs.campaign (id) ON DELETE CASCADE,
    recipient_key text NOT NULL,
    position integer NOT NULL,
    payload jsonb NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'claimed', 'sent', 'failed')),
    attempts integer NOT NULL DEFAULT 0,
    outcome_unknown boolean NOT NULL DEFAULT false,
    retry_at timestamptz,
    claimed_at timestamptz,
    sent_at timestamptz,
    last_error text,
    PRIMARY KEY (campaign_id, recipient_key)
  );
  CREATE INDEX IF NOT EXISTS campaign_delivery_open_idx
    ON jobs.campaign_delivery (campaign_id, position) WHERE status IN ('pending', 'claimed');
  `,
  // A recipient the sender declines (a suppressed address) is recorded as skipped, with the reason, never
  // retried; and one send rate is shared by every instance (see send-pace.ts).
  `
  ALTER TABLE jobs.campaign_delivery DROP CONSTRAINT IF EXISTS campaign_delivery_status_check;
  ALTER TABLE jobs.campaign_delivery ADD CONSTRAINT campaign_delivery_status_check
    CHECK (status IN ('pending', 'claimed', 'sent', 'failed', 'skipped'));
  ALTER TABLE jobs.campaign_delivery ADD COLUMN IF NOT EXISTS skip_reason text;
  CREATE TABLE IF NOT EXISTS jobs.send_pace (
    lane text PRIMARY KEY,
    next_at timestamptz NOT NULL
  );
  `,
];

// pg_advisory_xact_lock(bigint): "jobs" and "migrate" in ASCII, clear of the platform's own key.
const MIGRATION_LOCK_KEY = "x'6a6f62736d696772'::bigint";

const applied = new WeakMap<JobsDatabase, Promise<void>>();

/** Creates or upgrades the campaign tables once per connection. */
export function ensureCampaignSchema(connection: JobsDatabase): Promise<void> {
  let migrating = applied.get(connection);
  if (!migrating) {
    migrating = migrate(connection);
    // A failure must not stick: the next caller tries again.
    migrating.catch(() => applied.delete(connection));
    applied.set(connection, migrating);
  }
  return migrating;
}

async function migrate(connection: JobsDatabase): Promise<void> {
  await connection.query(`
    BEGIN;
    SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY});
    CREATE SCHEMA IF NOT EXISTS jobs;
    CREATE TABLE IF NOT EXISTS jobs.migration (
      version integer PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    );
    COMMIT;
  `);
  const rows = await connection.query<{ version: number }>("SELECT version FROM jobs.migration");
  const done = new Set(rows.map((row) => row.version));
  for (const [index, sql] of migrations.entries()) {
    const version = index + 1;
    if (done.has(version)) continue;
    await connection.query(`
      BEGIN;
      SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY});
      ${sql}
      INSERT INTO jobs.migration (version) VALUES (${version}) ON CONFLICT (version) DO NOTHING;
      COMMIT;
    `);
  }
}
