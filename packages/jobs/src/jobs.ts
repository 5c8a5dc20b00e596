import type { DatabaseHandle } from "@academy/db/client";
import { type Job, PgBoss, type Queue, type QueuePolicy } from "pg-boss";
import { adaptDatabase, type JobsDatabase } from "./database-adapter.ts";

export type { Job, QueuePolicy };

/** Payload types by queue name, so `send` and `work` agree on what a queue carries. */
export type QueueMap = Record<string, object>;

/** A queue's policy and retry settings (pg-boss's queue options). */
export type QueueOptions = Omit<Queue, "name">;

export interface SendOptions {
  /**
   * Deduplicates on queues whose policy allows one job per key (`exclusive`, `short`, `singleton`,
   * `stately`): sending again while the first job is still waiting or running returns null.
   */
  singletonKey?: string;
  /** Not before this instant. */
  startAfter?: Date;
  priority?: number;
  retryLimit?: number;
  retryDelay?: number;
  expireInSeconds?: number;
}

export interface WorkOptions {
  /** Jobs handed to the handler at once. */
  batchSize?: number;
  /** Idle poll interval (pg-boss's minimum is 0.5). */
  pollingIntervalSeconds?: number;
  /** Handlers running at once in this process. */
  localConcurrency?: number;
}

export interface ScheduleOptions {
  /** IANA time zone the cron expression is read in; UTC by default. */
  tz?: string;
  /** Distinguishes several schedules on one queue. */
  key?: string;
}

export interface CreateJobsOptions<Queues extends QueueMap> {
  database: DatabaseHandle;
  /** Queues created at start with these options; any other queue is created as `standard` on first use. */
  queues?: { [Name in keyof Queues & string]?: QueueOptions };
  /** Schema pg-boss installs itself into. */
  schema?: string;
  /** Background errors (a failed poll, a maintenance run); they are retried, so logging is enough. */
  onError?: (error: Error) => void;
  /**
   * Runs pg-boss's maintenance and cron scheduling here. Leave it on unless several instances share
   * a PostgreSQL database and only some should do it.
   */
  supervise?: boolean;
}

export interface Jobs<Queues extends QueueMap = QueueMap> {
  /** The platform connection as pg-boss and the campaign tables use it. */
  readonly connection: JobsDatabase;
  /** The underlying pg-boss instance, for what this API leaves out (queue stats, redrive…). */
  readonly boss: PgBoss;
  createQueue(name: keyof Queues & string, options?: QueueOptions): Promise<void>;
  /** Enqueues a job; resolves to its id, or null when a singleton key deduplicated it. */
  send<Name extends keyof Queues & string>(
    queue: Name,
    data: Queues[Name],
    options?: SendOptions,
  ): Promise<string | null>;
  /**
   * Processes jobs until `stop()`. A handler that throws fails the whole batch, and pg-boss retries
   * it per the queue's retry settings.
   */
  work<Name extends keyof Queues & string>(
    queue: Name,
    handler: (jobs: Job<Queues[Name]>[]) => Promise<void>,
    options?: WorkOptions,
  ): Promise<string>;
  /** Sends `data` to `queue` on a cron schedule; calling again with the same queue and key replaces it. */
  schedule<Name extends keyof Queues & string>(
    queue: Name,
    cron: string,
    data: Queues[Name],
    options?: ScheduleOptions,
  ): Promise<void>;
  unschedule(queue: keyof Queues & string, key?: string): Promise<void>;
  /** Waits for running handlers (up to `timeoutMs`) and stops polling. The database stays open. */
  stop(options?: { timeoutMs?: number }): Promise<void>;
}

export class SingletonKeyIgnoredError extends Error {
  override name = "SingletonKeyIgnoredError";
}

// Policies under which pg-boss enforces a unique singleton key; on `standard` a key alone dedupes nothing.
const singletonPolicies = new Set<QueuePolicy>(["exclusive", "short", "singleton", "stately", "key_strict_fifo"]);

/**
 * Starts pg-boss on the platform's database connection, installing or migrating its schema.
 * Call `stop()` before closing the database.
 */
export async function createJobs<Queues extends QueueMap = QueueMap>(
  options: CreateJobsOptions<Queues>,
): Promise<Jobs<Queues>> {
  const connection = adaptDatabase(options.database);
  // The platform passes its logger; without one, Node's warning channel (stderr) still shows the error.
  const onError = options.onError ?? ((error: Error) => process.emitWarning(error));
  const boss = new PgBoss({
    db: connection,
    backend: connection.kind === "pglite" ? "pglite" : "postgres",
    schema: options.schema ?? "pgboss",
    supervise: options.supervise ?? true,
    schedule: options.supervise ?? true,
  });
  boss.on("error", onError);
  await boss.start();

  // Policy per queue known to exist, so a singleton key on a standard queue fails loudly.
  const policies = new Map<string, QueuePolicy>();
  const createQueue = async (name: string, queueOptions: QueueOptions = {}) => {
    await boss.createQueue(name, queueOptions);
    const queue = await boss.getQueue(name);
    policies.set(name, queue?.policy ?? queueOptions.policy ?? "standard");
  };
  const ensureQueue = async (name: string): Promise<QueuePolicy> => {
    const known = policies.get(name);
    if (known) return known;
    await createQueue(name);
    return policies.get(name) ?? "standard";
  };
  for (const [name, queueOptions] of Object.entries(options.queues ?? {})) {
    await createQueue(name, queueOptions as QueueOptions);
  }

  return {
    connection,
    boss,
    createQueue,
    async send(queue, data, sendOptions = {}) {
      const policy = await ensureQueue(queue);
      if (sendOptions.singletonKey !== undefined && !singletonPolicies.has(policy)) {
        throw new SingletonKeyIgnoredError(
          `Queue "${queue}" has policy "${policy}", which ignores singletonKey; create it with policy "exclusive" to deduplicate.`,
        );
      }
      return boss.send(queue, data, sendOptions);
    },
    async work<Name extends keyof Queues & string>(
      queue: Name,
      handler: (jobs: Job<Queues[Name]>[]) => Promise<void>,
      workOptions: WorkOptions = {},
    ) {
      await ensureQueue(queue);
      return boss.work<Queues[Name]>(queue, { batchSize: 1, pollingIntervalSeconds: 2, ...workOptions }, handler);
    },
    async schedule(queue, cron, data, scheduleOptions = {}) {
      await ensureQueue(queue);
      await boss.schedule(queue, cron, data, scheduleOptions);
    },
    async unschedule(queue, key) {
      await boss.unschedule(queue, key);
    },
    async stop(stopOptions = {}) {
      // close: false: the connection belongs to the platform, not to pg-boss.
      await boss.stop({ graceful: true, close: false, timeout: stopOptions.timeoutMs ?? 30_000 });
    },
  };
}
