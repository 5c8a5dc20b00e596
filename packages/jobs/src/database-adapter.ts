import type { DatabaseHandle } from "@academy/db/client";
import type { PGlite } from "@electric-sql/pglite";
import type { Db } from "pg-boss";
import type { ReservedSql, Sql } from "postgres";

/** One connection's worth of SQL: advisory locks taken through it live exactly as long as it does. */
export interface SqlSession {
  query<Row>(text: string, values?: readonly unknown[]): Promise<Row[]>;
}

/**
 * The platform's own database connection, shaped for pg-boss (`executeSql`, which must accept the
 * multi-statement `BEGIN; …; COMMIT` blocks pg-boss sends without parameters) and for the campaign
 * tables (`query`, `withSession`). pg-boss never opens a connection of its own: on PGlite there is
 * only one, and on PostgreSQL it shares the platform's pool.
 */
export interface JobsDatabase extends Db, SqlSession {
  readonly kind: "pglite" | "postgres";
  /**
   * Runs `work` on one pinned connection. PGlite has a single session, so it is always that one;
   * on PostgreSQL a pool connection is reserved for the duration.
   */
  withSession<T>(work: (session: SqlSession) => Promise<T>): Promise<T>;
  /**
   * Runs `work` holding a session-level advisory lock named `name`, or returns `{ locked: false }`
   * at once if someone else holds it. PostgreSQL drops the lock the moment its connection dies, so a
   * killed process never leaves it behind. Statements that must only run while the lock is held go
   * through the given session and can check it with {@link buildLockHeldCheck}.
   */
  tryWithAdvisoryLock<T>(
    name: string,
    work: (session: SqlSession, lock: AdvisoryLock) => Promise<T>,
  ): Promise<{ locked: true; value: T } | { locked: false }>;
}

/** The two-int4 key of a session advisory lock, as `pg_try_advisory_lock(int4, int4)` takes it. */
export interface AdvisoryLock {
  readonly classId: number;
  readonly objectId: number;
}

// "jobs" in ASCII: keeps these locks apart from other users of two-key advisory locks.
const lockNamespace = 0x6a6f6273;

export function deriveAdvisoryLock(name: string): AdvisoryLock {
  // FNV-1a: stable across processes and server versions, unlike hashtext().
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(name)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193);
  }
  return { classId: lockNamespace, objectId: hash | 0 };
}

/**
 * A boolean SQL expression, true while this session holds the lock whose class and object ids are
 * bound at `$classParameter` and `$objectParameter` (as from {@link toLockParameters}).
 */
export function buildLockHeldCheck(classParameter: number, objectParameter: number): string {
  return `EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid()
    AND classid = $${classParameter}::bigint::oid AND objid = $${objectParameter}::bigint::oid AND objsubid = 2)`;
}

/** pg_locks shows the int4 keys as unsigned oids. */
export function toLockParameters(lock: AdvisoryLock): [number, number] {
  return [lock.classId >>> 0, lock.objectId >>> 0];
}

export class UnsupportedDatabaseError extends Error {
  override name = "UnsupportedDatabaseError";
}

/** Adapts the handle from `openDatabase()`, reusing the client drizzle was built on. */
export function adaptDatabase(database: DatabaseHandle): JobsDatabase {
  // `Database` is typed without drizzle's `$client`, but every drizzle instance carries it.
  const client: unknown = (database.db as unknown as { $client?: unknown }).$client;
  if (database.kind === "pglite" && isPglite(client)) return adaptPglite(client);
  if (database.kind === "postgres" && isPostgres(client)) return adaptPostgres(client);
  throw new UnsupportedDatabaseError(
    `@academy/jobs needs the PGlite or postgres-js client under the drizzle handle (kind "${database.kind}").`,
  );
}

const startsTransaction = /^\s*BEGIN\b/i;

/**
 * PGlite's `query` runs one statement over the extended protocol; `exec` runs a script over the
 * simple protocol and returns one result per statement. pg-boss binds parameters only to single
 * statements, and sends its schema, migrations and `locked()` blocks as parameterless scripts.
 */
export function adaptPglite(client: PGlite): JobsDatabase {
  const query = async <Row>(text: string, values?: readonly unknown[]): Promise<Row[]> => {
    if (values?.length) return (await client.query<Row>(text, values as unknown[])).rows;
    if (startsTransaction.test(text)) {
      // The connection is shared with the rest of the platform. A script that fails between its own
      // BEGIN and COMMIT leaves the session in an aborted transaction, and any statement queued
      // behind it (a page render, say) would fail until someone rolls back. Running the script inside
      // PGlite's transaction() holds its transaction mutex until the rollback is done. The nested
      // BEGIN and the outer COMMIT only raise warnings, which PGlite discards.
      const results = await client.transaction((transaction) => transaction.exec(text));
      return results.flatMap((result) => result.rows as Row[]);
    }
    const results = await client.exec(text);
    return results.flatMap((result) => result.rows as Row[]);
  };
  const session: SqlSession = { query };
  const withSession = <T>(work: (session: SqlSession) => Promise<T>) => work(session);
  // The one session re-enters its own advisory locks, so holders in this process (the only one: the
  // data folder is locked) must also exclude each other here.
  const held = heldLocalLocks.get(client) ?? new Set<string>();
  heldLocalLocks.set(client, held);
  return {
    kind: "pglite",
    query,
    async executeSql(text, values) {
      return { rows: await query(text, values) };
    },
    withSession,
    async tryWithAdvisoryLock(name, work) {
      if (held.has(name)) return { locked: false };
      held.add(name);
      try {
        return await lockInSession(withSession, name, work);
      } finally {
        held.delete(name);
      }
    },
  };
}

const heldLocalLocks = new WeakMap<object, Set<string>>();

/**
 * postgres-js with two wrinkles. It refuses a `BEGIN` on a pooled connection (UNSAFE_TRANSACTION),
 * so transaction scripts run on a reserved one. And drizzle's postgres-js driver rewires the shared
 * client's type handlers: timestamps come back as strings and JSON and timestamp parameters are
 * sent as-is, so values are encoded here and timestamps decoded from the column types.
 */
export function adaptPostgres(sql: Sql): JobsDatabase {
  const run = async <Row>(connection: Sql | ReservedSql, text: string, values?: readonly unknown[]) => {
    const parameters = values?.length ? encodeParameters(text, values) : [];
    return decodeRows<Row>(await connection.unsafe(text, parameters as never[]));
  };
  const withSession = async <T>(work: (session: SqlSession) => Promise<T>): Promise<T> => {
    const reserved = await sql.reserve();
    try {
      return await work({ query: (text, values) => run(reserved, text, values) });
    } finally {
      reserved.release();
    }
  };
  const query = async <Row>(text: string, values?: readonly unknown[]): Promise<Row[]> => {
    if (values?.length || !startsTransaction.test(text)) return run<Row>(sql, text, values);
    const reserved = await sql.reserve();
    try {
      return await run<Row>(reserved, text);
    } catch (error) {
      // A script that fails after its BEGIN leaves the connection in an aborted transaction.
      await reserved.unsafe("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      reserved.release();
    }
  };
  return {
    kind: "postgres",
    query,
    async executeSql(text, values) {
      return { rows: await query(text, values) };
    },
    withSession,
    tryWithAdvisoryLock: (name, work) => lockInSession(withSession, name, work),
  };
}

async function lockInSession<T>(
  withSession: <R>(work: (session: SqlSession) => Promise<R>) => Promise<R>,
  name: string,
  work: (session: SqlSession, lock: AdvisoryLock) => Promise<T>,
): Promise<{ locked: true; value: T } | { locked: false }> {
  const lock = deriveAdvisoryLock(name);
  const keys = [lock.classId, lock.objectId];
  return withSession(async (session) => {
    const [row] = await session.query<{ locked: boolean }>(
      "SELECT pg_try_advisory_lock($1::int4, $2::int4) AS locked",
      keys,
    );
    if (!row?.locked) return { locked: false as const };
    try {
      return { locked: true as const, value: await work(session, lock) };
    } finally {
      // If the connection is gone, so is the lock.
      await session.query("SELECT pg_advisory_unlock($1::int4, $2::int4)", keys).catch(() => {});
    }
  });
}

// A parameter followed by an array cast (`$2::uuid[]`) is a PostgreSQL array; any other JS array is
// JSON, the same rule pg-boss's own adapters follow.
const arrayCastParameter = /\$(\d+)::[a-z_][a-z0-9_]*\[\]/gi;

function encodeParameters(text: string, values: readonly unknown[]): unknown[] {
  const arrayPositions = new Set<number>();
  for (const match of text.matchAll(arrayCastParameter)) arrayPositions.add(Number(match[1]) - 1);
  return values.map((value, index) => encodeParameter(value, arrayPositions.has(index)));
}

function encodeParameter(value: unknown, asArray: boolean): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return asArray ? value.map((item) => encodeParameter(item, false)) : JSON.stringify(value);
  if (typeof value === "object" && !(value instanceof Uint8Array)) return JSON.stringify(value);
  return value;
}

// date, timestamp, timestamptz: what postgres-js parses into Date before drizzle turns that off.
const timestampTypes = new Set([1082, 1114, 1184]);

interface ResultLike extends Array<Record<string, unknown>> {
  columns?: ReadonlyArray<{ name: string; type: number }>;
}

function decodeRows<Row>(result: unknown): Row[] {
  const results = result as ResultLike | ResultLike[];
  // A script returns one result per statement; a single statement returns its rows directly.
  const statements = isResultList(results) ? results : [results as ResultLike];
  const rows: Row[] = [];
  for (const statement of statements) {
    const timestampColumns = (statement.columns ?? []).filter((column) => timestampTypes.has(column.type));
    for (const row of statement) {
      for (const { name } of timestampColumns) {
        const value = row[name];
        if (typeof value === "string") row[name] = new Date(value);
      }
      rows.push(row as Row);
    }
  }
  return rows;
}

function isResultList(result: ResultLike | ResultLike[]): result is ResultLike[] {
  return result.length > 0 && result.every((item) => Array.isArray(item));
}

function isPglite(client: unknown): client is PGlite {
  const candidate = client as Partial<PGlite> | undefined;
  return typeof candidate?.exec === "function" && typeof candidate.transaction === "function";
}

function isPostgres(client: unknown): client is Sql {
  const candidate = client as Partial<Sql> | undefined;
  return typeof candidate?.unsafe === "function" && typeof candidate.reserve === "function";
}
