import { eq } from "drizzle-orm";
import type { Database } from "../client.ts";
import { systemFlags } from "../schema/system.ts";

/** The value stored under `key`, or undefined. */
export async function readSystemFlag(db: Database, key: string): Promise<unknown> {
  const [flag] = await db.select({ value: systemFlags.value }).from(systemFlags).where(eq(systemFlags.key, key));
  return flag?.value;
}

/** Stores `value` under `key` unless something is already there. */
export async function setSystemFlagOnce(db: Database, key: string, value: unknown): Promise<void> {
  await db.insert(systemFlags).values({ key, value }).onConflictDoNothing();
}

/**
 * The value under `key`, stored as `value` first when there was none. Instances that start together agree:
 * whichever wrote first, every one of them reads that value.
 */
export async function readOrSetSystemFlag<Value>(db: Database, key: string, value: Value): Promise<Value> {
  await setSystemFlagOnce(db, key, value);
  return (await readSystemFlag(db, key)) as Value;
}
