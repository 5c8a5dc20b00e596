/**
 * Opens the platform database: embedded PGlite in a data folder by default, PostgreSQL when a URL is
 * given. Migrations are applied before the handle is returned.
 *
 * @example
 * const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR });
 * await database.db.select().from(waitlistEntries);
 * await database.close();
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { lockDataFolder } from "./lock.ts";
import * as schema from "./schema/index.ts";

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export interface DatabaseHandle {
  db: Database;
  kind: "pglite" | "postgres";
  /** Where the data lives, for logs: the folder or the server without credentials. */
  location: string;
  /** True when a trivial query answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** A postgres:// URL; when absent, PGlite is used. */
  url?: string | undefined;
  /** PGlite data folder, or "memory://" for a throwaway in-memory database. */
  dataDir?: string;
  /** Connections in the PostgreSQL pool. */
  poolSize?: number;
}

export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

const migrationsFolder = fileURLToPath(new URL("../migrations", import.meta.url));
const casing = "snake_case";
// Any constant works: it only has to be the same for every instance migrating one database.
const MIGRATION_LOCK_KEY = 7_214_530_118;

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  return options.url ? openPostgres(options.url, options.poolSize ?? 10) : openPglite(options.dataDir ?? "memory://");
}

async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  const inMemory = dataDir.startsWith("memory://");
  const folder = inMemory ? dataDir : join(dataDir, "pglite");
  const unlock = inMemory ? () => {} : lockDataFolder(folder);
  try {
    const client = await PGlite.create(inMemory ? undefined : folder);
    const db = drizzlePglite({ client, schema, casing });
    await migratePglite(db, { migrationsFolder });
    return {
      db,
      kind: "pglite",
      location: inMemory ? "memory" : folder,
      ping: () => ping(db),
      async close() {
        await client.close();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

async function openPostgres(url: string, poolSize: number): Promise<DatabaseHandle> {
  const parsed = new URL(url);
  const location = `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  const client = postgres(url, { max: poolSize, onnotice: () => {}, connect_timeout: 5 });
  const db = drizzlePostgres({ client, schema, casing });
  try {
    await client`select 1`;
  } catch (error) {
    await client.end({ timeout: 1 });
    throw new DatabaseUnavailableError(
      `Could not connect to PostgreSQL at ${location} (${describe(error)}). Is it running, and is DATABASE_URL right?`,
    );
  }
  await migratePostgresOnce(url);
  return {
    db,
    kind: "postgres",
    location,
    ping: () => ping(db),
    close: () => client.end({ timeout: 5 }),
  };
}

/** Several API instances may start at once: one applies the migrations while the others wait. */
async function migratePostgresOnce(url: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migratePostgres(drizzlePostgres({ client, casing }), { migrationsFolder });
    await client`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
  } finally {
    await client.end({ timeout: 5 });
  }
}

async function ping(db: Database): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

function describe(error: unknown): string {
  if (error && typeof error === "object") {
    const { code, message } = error as { code?: string; message?: string };
    return code ?? message ?? String(error);
  }
  return String(error);
}
