import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { PgBoss } from "pg-boss";
import { ensureCampaignSchema } from "./campaign-schema.ts";
import { buildLockHeldCheck, type JobsDatabase, type SqlSession, toLockParameters } from "./database-adapter.ts";
import type { QueueOptions } from "./jobs.ts";
import { createSendPace, waitUntil } from "./send-pace.ts";

/**
 * Batched, scheduled, resumable fan-out: one message per recipient per campaign.
 *
 * Every recipient is a row, unique on (campaign, recipient key). Sending a batch goes
 * claim → send → mark sent, and each message carries a Message-ID derived from (campaign, key)
 * alone. A process killed between the SMTP server accepting a message and the "sent" mark leaves
 * the row claimed; whoever resumes the campaign sends it again with the same Message-ID, so a
 * receiver that deduplicates on Message-ID delivers it exactly once. See README.md, "Guarantees".
 */

/** What campaigns need from `createJobs()`; any `Jobs` has it, whatever its queue map. */
export interface CampaignJobs {
  readonly connection: JobsDatabase;
  readonly boss: PgBoss;
}

/** The pg-boss queue that starts campaigns at their send time. */
export const CAMPAIGN_QUEUE = "campaign-send";

/** Queue settings for {@link CAMPAIGN_QUEUE}; pass them in `createJobs({ queues })` to change them. */
export const campaignQueueOptions: QueueOptions = {
  // One waiting or running start job per campaign, whatever `enqueueCampaign` is called again for.
  policy: "exclusive",
  // A dead worker stops heartbeating; pg-boss then hands the job to another instance, which resumes.
  heartbeatSeconds: 30,
  expireInSeconds: 6 * 60 * 60,
  retryLimit: 20,
  retryDelay: 30,
  retryBackoff: true,
  retryDelayMax: 600,
};

export interface CampaignRecipient<Payload> {
  /** Unique within the campaign, e.g. the waitlist entry id or the lower-cased address. */
  key: string;
  payload: Payload;
}

export interface EnqueueCampaignParams<Payload> {
  /** Letters, digits, `.`, `_` and `-`: it becomes part of every Message-ID. */
  campaignId: string;
  recipients: Iterable<CampaignRecipient<Payload>> | AsyncIterable<CampaignRecipient<Payload>>;
  sendAt: Date;
}

export interface EnqueueCampaignResult {
  campaignId: string;
  /** False when the campaign had already been fully enqueued; nothing was changed then. */
  enqueued: boolean;
  recipientCount: number;
}

export type CampaignStatus = "enqueueing" | "scheduled" | "sending" | "completed";

export interface CampaignCounts {
  recipients: number;
  sent: number;
  failed: number;
  /** Declined by the sender's `skipRecipients` (e.g. a suppressed address): not sent, never retried. */
  skipped: number;
  /** Pending or claimed: not yet known to be sent. */
  open: number;
}

export interface Campaign extends CampaignCounts {
  id: string;
  status: CampaignStatus;
  sendAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
}

export interface CampaignDelivery<Payload> {
  campaignId: string;
  key: string;
  payload: Payload;
  /** The same for every attempt at this recipient: set it as the message's Message-ID. */
  messageId: string;
  /** 1 for the first attempt. */
  attempt: number;
  /**
   * An earlier attempt was claimed by a process that died before recording its outcome, so the
   * message may already have been accepted by the mail server.
   */
  outcomeUnknown: boolean;
}

/**
 * Hands one message to the mail server. Resolve only once the server has accepted it; throw if it
 * did not (or may not have): the message is retried with the same Message-ID.
 */
export type SendCampaignMessage<Payload> = (delivery: CampaignDelivery<Payload>) => Promise<void>;

export interface ProcessCampaignOptions {
  /** Recipients claimed per round trip; also the most that a crash can leave claimed. */
  batchSize?: number;
  /** Messages in flight at once. */
  concurrency?: number;
  /** Attempts per recipient before it is marked failed. */
  maxAttempts?: number;
  /** Delay before the second attempt; it doubles with each further one. */
  retryDelaySeconds?: number;
  /** The right-hand side of every Message-ID: the sending domain. */
  messageIdDomain?: string;
  /** If another process is sending this campaign, wait for it rather than return `busy`. */
  waitIfBusy?: boolean;
  /** Stops between batches; claimed work is finished and recorded first. */
  signal?: AbortSignal;
  /**
   * Messages per second, summed over every process sending on `rateLane` (the pace lives in PostgreSQL).
   * Unset: as fast as the mail server takes them.
   */
  ratePerSecond?: number;
  /** The pace that `ratePerSecond` is shared on (default "email"): one per mail provider account. */
  rateLane?: string;
  /**
   * Asked once per claimed batch, before anything is sent: the recipients not to send to, each with the
   * reason. They are recorded as skipped (not failed) and never retried.
   */
  skipRecipients?: (recipients: readonly CampaignRecipient<unknown>[]) => Promise<ReadonlyMap<string, string>>;
}

export interface CampaignRunResult {
  campaignId: string;
  /**
   * `completed`: nothing left to send. `busy`: another live process holds the campaign.
   * `not-ready`: still being enqueued. `stopped`: the signal fired first.
   */
  outcome: "completed" | "busy" | "not-ready" | "stopped";
  /** Messages the server accepted during this run. */
  sent: number;
  /** Of those, messages resent because a dead process may already have sent them. */
  resent: number;
  /** Recipients that ran out of attempts during this run. */
  failed: number;
  /** Recipients skipped during this run (see `skipRecipients`). */
  skipped: number;
  counts: CampaignCounts;
}

export class CampaignNotFoundError extends Error {
  override name = "CampaignNotFoundError";
}

export class CampaignLockLostError extends Error {
  override name = "CampaignLockLostError";
}

const campaignIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const ENQUEUE_BATCH = 1000;

/**
 * Records the campaign and its recipients, then schedules its start at `sendAt`. Idempotent: if it
 * throws or the process dies, call it again with the same recipients; recipients already recorded
 * are kept as they are (a sent one is never sent again). Once it resolves, the campaign is durable.
 */
export async function enqueueCampaign<Payload>(
  jobs: CampaignJobs,
  params: EnqueueCampaignParams<Payload>,
): Promise<EnqueueCampaignResult> {
  const { campaignId, sendAt } = params;
  if (!campaignIdPattern.test(campaignId)) {
    throw new TypeError(`Campaign id "${campaignId}" must be 1-100 letters, digits, ".", "_" or "-".`);
  }
  const db = jobs.connection;
  await ensureCampaignSchema(db);
  const [campaign] = await db.query<{ status: CampaignStatus; recipient_count: number }>(
    `INSERT INTO jobs.campaign (id, send_at, status) VALUES ($1, $2::timestamptz, 'enqueueing')
     ON CONFLICT (id) DO UPDATE SET send_at = EXCLUDED.send_at WHERE campaign.status = 'enqueueing'
     RETURNING status, recipient_count`,
    [campaignId, sendAt],
  );
  if (!campaign) {
    // The conflict clause declined: the campaign is past enqueueing, so leave it alone.
    const existing = await getCampaign(jobs, campaignId);
    return { campaignId, enqueued: false, recipientCount: existing?.recipients ?? 0 };
  }

  let position = 0;
  let keys: string[] = [];
  let payloads: string[] = [];
  const flush = async () => {
    if (keys.length === 0) return;
    await db.query(
      `INSERT INTO jobs.campaign_delivery (campaign_id, recipient_key, position, payload)
       SELECT $1, r.key, $2::int + r.n::int, r.payload::jsonb
       FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS r(key, payload, n)
       ON CONFLICT (campaign_id, recipient_key) DO NOTHING`,
      [campaignId, position - keys.length, keys, payloads],
    );
    keys = [];
    payloads = [];
  };
  for await (const recipient of params.recipients) {
    keys.push(recipient.key);
    payloads.push(JSON.stringify(recipient.payload ?? null));
    position++;
    if (keys.length >= ENQUEUE_BATCH) await flush();
  }
  await flush();

  const [counted] = await db.query<{ count: number }>(
    `UPDATE jobs.campaign SET recipient_count = (SELECT count(*) FROM jobs.campaign_delivery WHERE campaign_id = $1)
     WHERE id = $1 RETURNING recipient_count AS count`,
    [campaignId],
  );
  // The start job first, the status second: a crash in between leaves the campaign "enqueueing", which
  // the start job skips and a second call completes. The singleton key keeps that to one job.
  await jobs.boss.createQueue(CAMPAIGN_QUEUE, campaignQueueOptions);
  await jobs.boss.send(CAMPAIGN_QUEUE, { campaignId }, { singletonKey: campaignId, startAfter: sendAt });
  await db.query("UPDATE jobs.campaign SET status = 'scheduled' WHERE id = $1 AND status = 'enqueueing'", [campaignId]);
  return { campaignId, enqueued: true, recipientCount: counted?.count ?? 0 };
}

/** The campaign's state and delivery counts, or undefined if there is none with that id. */
export async function getCampaign(
  jobs: Pick<CampaignJobs, "connection">,
  campaignId: string,
): Promise<Campaign | undefined> {
  await ensureCampaignSchema(jobs.connection);
  const [row] = await jobs.connection.query<Omit<Campaign, keyof CampaignCounts>>(
    `SELECT id, status, send_at AS "sendAt", started_at AS "startedAt", completed_at AS "completedAt"
     FROM jobs.campaign WHERE id = $1`,
    [campaignId],
  );
  if (!row) return undefined;
  return { ...row, ...(await countDeliveries(jobs.connection, campaignId)) };
}

/** The keys of the recipients that any of these campaigns has sent to, each once. */
export async function listSentRecipientKeys(
  jobs: Pick<CampaignJobs, "connection">,
  campaignIds: readonly string[],
): Promise<string[]> {
  await ensureCampaignSchema(jobs.connection);
  const rows = await jobs.connection.query<{ key: string }>(
    `SELECT DISTINCT recipient_key AS key FROM jobs.campaign_delivery
     WHERE campaign_id = ANY($1::text[]) AND status = 'sent'`,
    [[...campaignIds]],
  );
  return rows.map((row) => row.key);
}

/**
 * Sends every recipient of a campaign that has not been sent yet, now, whatever its `sendAt`. Only
 * one process sends a given campaign at a time (a session advisory lock, released by PostgreSQL if
 * the process dies); rows a dead process left claimed are resent with their Message-ID.
 */
export async function processCampaign<Payload>(
  jobs: CampaignJobs,
  campaignId: string,
  send: SendCampaignMessage<Payload>,
  options: ProcessCampaignOptions = {},
): Promise<CampaignRunResult> {
  await ensureCampaignSchema(jobs.connection);
  for (;;) {
    const attempt = await jobs.connection.tryWithAdvisoryLock(`campaign:${campaignId}`, (session, lock) =>
      sendWhileLocked(session, toLockParameters(lock), campaignId, send, options),
    );
    if (attempt.locked) return attempt.value;
    if (!options.waitIfBusy || options.signal?.aborted) {
      const outcome = options.signal?.aborted ? "stopped" : "busy";
      return {
        campaignId,
        outcome,
        sent: 0,
        resent: 0,
        failed: 0,
        skipped: 0,
        counts: await countDeliveries(jobs.connection, campaignId),
      };
    }
    await sleep(1000, undefined, { signal: options.signal }).catch(() => {});
  }
}

async function sendWhileLocked<Payload>(
  session: SqlSession,
  lock: [number, number],
  campaignId: string,
  send: SendCampaignMessage<Payload>,
  options: ProcessCampaignOptions,
): Promise<CampaignRunResult> {
  const batchSize = options.batchSize ?? 100;
  const concurrency = options.concurrency ?? 10;
  const maxAttempts = options.maxAttempts ?? 3;
  const retryDelaySeconds = options.retryDelaySeconds ?? 5;
  const domain = options.messageIdDomain ?? "campaign.localhost";
  const run = { sent: 0, resent: 0, failed: 0, skipped: 0 };
  const pace = options.ratePerSecond
    ? createSendPace(session, { lane: options.rateLane ?? "email", perSecond: options.ratePerSecond })
    : undefined;
  const result = async (outcome: CampaignRunResult["outcome"]): Promise<CampaignRunResult> => ({
    campaignId,
    outcome,
    ...run,
    counts: await countDeliveries(session, campaignId),
  });

  const [campaign] = await session.query<{ status: CampaignStatus }>("SELECT status FROM jobs.campaign WHERE id = $1", [
    campaignId,
  ]);
  if (!campaign) throw new CampaignNotFoundError(`No campaign "${campaignId}".`);
  if (campaign.status === "enqueueing") return result("not-ready");
  if (campaign.status === "completed") return result("completed");
  await session.query(
    "UPDATE jobs.campaign SET status = 'sending', started_at = coalesce(started_at, now()) WHERE id = $1",
    [campaignId],
  );
  // We hold the campaign's lock, so a claimed row is one whose sender died before recording whether
  // the server accepted it. Send it again, flagged, with the same Message-ID.
  await session.query(
    `UPDATE jobs.campaign_delivery SET status = 'pending', outcome_unknown = true, retry_at = NULL
     WHERE campaign_id = $1 AND status = 'claimed'`,
    [campaignId],
  );

  for (;;) {
    if (options.signal?.aborted) return result("stopped");
    // The lock check makes a claim impossible for a session that lost the lock (a dropped connection
    // that the driver replaced), which is what keeps two senders from ever sharing a recipient.
    const claimed = await session.query<{ key: string; payload: Payload; attempts: number; outcomeUnknown: boolean }>(
      `WITH next AS (
         SELECT recipient_key FROM jobs.campaign_delivery
         WHERE campaign_id = $1 AND status = 'pending' AND (retry_at IS NULL OR retry_at <= now())
           AND ${buildLockHeldCheck(3, 4)}
         ORDER BY position
         LIMIT $2
         FOR UPDATE SKIP LOCKED
       )
       UPDATE jobs.campaign_delivery d
       SET status = 'claimed', attempts = d.attempts + 1, claimed_at = now()
       FROM next
       WHERE d.campaign_id = $1 AND d.recipient_key = next.recipient_key
       RETURNING d.recipient_key AS key, d.payload, d.attempts, d.outcome_unknown AS "outcomeUnknown"`,
      [campaignId, batchSize, ...lock],
    );
    if (claimed.length === 0) {
      const [state] = await session.query<{ held: boolean; nextRetryAt: Date | null }>(
        `SELECT ${buildLockHeldCheck(2, 3)} AS held,
           (SELECT min(retry_at) FROM jobs.campaign_delivery WHERE campaign_id = $1 AND status = 'pending') AS "nextRetryAt"`,
        [campaignId, ...lock],
      );
      if (!state?.held) throw new CampaignLockLostError(`Lost the lock on campaign "${campaignId}" while sending it.`);
      if (!state.nextRetryAt) break;
      await sleep(Math.max(0, state.nextRetryAt.getTime() - Date.now()) + 10, undefined, {
        signal: options.signal,
      }).catch(() => {});
      continue;
    }

    const declined = options.skipRecipients
      ? await options.skipRecipients(claimed.map((row) => ({ key: row.key, payload: row.payload })))
      : undefined;
    const skips = new Map(
      claimed.flatMap((row) => {
        const reason = declined?.get(row.key);
        return reason === undefined ? [] : [[row.key, reason] as const];
      }),
    );
    if (skips.size > 0) {
      const keys = [...skips.keys()];
      await session.query(
        `UPDATE jobs.campaign_delivery d SET status = 'skipped', skip_reason = s.reason, last_error = NULL
         FROM unnest($2::text[], $3::text[]) AS s(key, reason)
         WHERE d.campaign_id = $1 AND d.recipient_key = s.key AND d.status = 'claimed'`,
        [campaignId, keys, keys.map((key) => skips.get(key) ?? "")],
      );
      run.skipped += keys.length;
    }
    const toSend = claimed.filter((row) => !skips.has(row.key));
    // One statement reserves the whole batch's turns; message i starts at its own turn.
    const startAt = pace && toSend.length > 0 ? await pace.reserve(toSend.length) : undefined;
    const turnOf = new Map(toSend.map((row, index) => [row.key, index]));
    const sentKeys: string[] = [];
    const released: string[] = [];
    const failures: { key: string; error: string }[] = [];
    await forEachConcurrently(toSend, concurrency, async (row) => {
      if (startAt) {
        await waitUntil(startAt(turnOf.get(row.key) ?? 0), options.signal);
        // Stopping: a message whose turn has not come goes back to the queue rather than out early.
        if (options.signal?.aborted && performance.now() < startAt(turnOf.get(row.key) ?? 0)) {
          released.push(row.key);
          return;
        }
      }
      try {
        await send({
          campaignId,
          key: row.key,
          payload: row.payload,
          messageId: buildCampaignMessageId(campaignId, row.key, domain),
          attempt: row.attempts,
          outcomeUnknown: row.outcomeUnknown,
        });
        sentKeys.push(row.key);
        if (row.outcomeUnknown) run.resent++;
      } catch (error) {
        failures.push({ key: row.key, error: error instanceof Error ? error.message : String(error) });
      }
    });
    if (released.length > 0) {
      await session.query(
        `UPDATE jobs.campaign_delivery SET status = 'pending', attempts = attempts - 1
         WHERE campaign_id = $1 AND recipient_key = ANY($2::text[]) AND status = 'claimed'`,
        [campaignId, released],
      );
    }
    if (sentKeys.length > 0) {
      await session.query(
        `UPDATE jobs.campaign_delivery SET status = 'sent', sent_at = now(), last_error = NULL
         WHERE campaign_id = $1 AND recipient_key = ANY($2::text[]) AND status = 'claimed'`,
        [campaignId, sentKeys],
      );
      run.sent += sentKeys.length;
    }
    if (failures.length > 0) {
      const [marked] = await session.query<{ failed: number }>(
        `WITH marked AS (
           UPDATE jobs.campaign_delivery d
           SET status = CASE WHEN d.attempts >= $2 THEN 'failed' ELSE 'pending' END,
               retry_at = now() + make_interval(secs => $3::float8 * power(2, d.attempts - 1)),
               last_error = f.error
           FROM unnest($4::text[], $5::text[]) AS f(key, error)
           WHERE d.campaign_id = $1 AND d.recipient_key = f.key AND d.status = 'claimed'
           RETURNING d.status
         )
         SELECT count(*) FILTER (WHERE status = 'failed')::int AS failed FROM marked`,
        [
          campaignId,
          maxAttempts,
          retryDelaySeconds,
          failures.map((failure) => failure.key),
          failures.map((failure) => failure.error),
        ],
      );
      run.failed += marked?.failed ?? 0;
    }
  }

  await session.query(
    `UPDATE jobs.campaign SET status = 'completed', completed_at = now()
     WHERE id = $1 AND status <> 'completed' AND NOT EXISTS (
       SELECT 1 FROM jobs.campaign_delivery WHERE campaign_id = $1 AND status IN ('pending', 'claimed'))`,
    [campaignId],
  );
  return result("completed");
}

export interface WorkCampaignsOptions extends Omit<ProcessCampaignOptions, "signal" | "waitIfBusy"> {
  /** How often to look for a campaign whose time has come, in seconds (at least 0.5). */
  pollingIntervalSeconds?: number;
  /** Errors from resuming interrupted campaigns in the background. */
  onError?: (error: Error) => void;
}

export interface CampaignWorker {
  /** Settles when the campaigns found interrupted at start have been resumed. */
  readonly resumed: Promise<CampaignRunResult[]>;
  /** Stops taking campaigns, and stops running ones between batches. Call before `jobs.stop()`. */
  stop(): Promise<void>;
}

/**
 * Sends campaigns when their time comes, through pg-boss, and first resumes any campaign a dead
 * process left half-sent (its lock is free and its time has passed). Call it in every process that
 * should send; the campaign lock keeps each campaign to one sender at a time.
 */
export async function workCampaigns<Payload>(
  jobs: CampaignJobs,
  send: SendCampaignMessage<Payload>,
  options: WorkCampaignsOptions = {},
): Promise<CampaignWorker> {
  await ensureCampaignSchema(jobs.connection);
  await jobs.boss.createQueue(CAMPAIGN_QUEUE, campaignQueueOptions);
  const stopping = new AbortController();
  // The platform passes its logger; without one, Node's warning channel (stderr) still shows the error.
  const {
    pollingIntervalSeconds = 1,
    onError = (error: Error) => process.emitWarning(error),
    ...sendOptions
  } = options;
  const processOptions = { ...sendOptions, signal: stopping.signal };
  const workerId = await jobs.boss.work<{ campaignId: string }>(
    CAMPAIGN_QUEUE,
    { batchSize: 1, pollingIntervalSeconds },
    async ([job]) => {
      if (!job) return;
      const { campaignId } = job.data;
      // pg-boss aborts job.signal when the job expires or a shutdown's grace period runs out.
      const signal = AbortSignal.any([stopping.signal, job.signal]);
      const result = await processCampaign(jobs, campaignId, send, { ...processOptions, signal, waitIfBusy: true });
      // Thrown so that pg-boss runs the job again later, here or in another instance.
      if (result.outcome === "stopped") throw new Error(`Campaign "${campaignId}" was interrupted by a shutdown.`);
    },
  );
  const resumed = resumeCampaigns(jobs, send, processOptions);
  resumed.catch((error: Error) => onError(error));
  return {
    resumed,
    async stop() {
      stopping.abort();
      await jobs.boss.offWork(CAMPAIGN_QUEUE, { id: workerId, wait: true });
      await resumed.catch(() => {});
    },
  };
}

async function resumeCampaigns<Payload>(
  jobs: CampaignJobs,
  send: SendCampaignMessage<Payload>,
  options: ProcessCampaignOptions,
): Promise<CampaignRunResult[]> {
  const due = await jobs.connection.query<{ id: string }>(
    `SELECT id FROM jobs.campaign WHERE status IN ('scheduled', 'sending') AND send_at <= now() ORDER BY send_at`,
  );
  const results: CampaignRunResult[] = [];
  for (const { id } of due) {
    if (options.signal?.aborted) break;
    results.push(await processCampaign(jobs, id, send, { ...options, waitIfBusy: false }));
  }
  return results;
}

/**
 * The Message-ID of a campaign's message to one recipient: the same on every attempt, and revealing
 * nothing about the recipient.
 */
export function buildCampaignMessageId(campaignId: string, recipientKey: string, domain: string): string {
  const digest = createHash("sha256").update(recipientKey).digest("hex").slice(0, 32);
  return `<${campaignId}.${digest}@${domain}>`;
}

async function countDeliveries(session: SqlSession, campaignId: string): Promise<CampaignCounts> {
  const [counts] = await session.query<CampaignCounts>(
    `SELECT count(*)::int AS recipients,
       count(*) FILTER (WHERE status = 'sent')::int AS sent,
       count(*) FILTER (WHERE status = 'failed')::int AS failed,
       count(*) FILTER (WHERE status = 'skipped')::int AS skipped,
       count(*) FILTER (WHERE status IN ('pending', 'claimed'))::int AS open
     FROM jobs.campaign_delivery WHERE campaign_id = $1`,
    [campaignId],
  );
  return counts ?? { recipients: 0, sent: 0, failed: 0, skipped: 0, open: 0 };
}

async function forEachConcurrently<Item>(
  items: readonly Item[],
  concurrency: number,
  work: (item: Item) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++] as Item;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
}
