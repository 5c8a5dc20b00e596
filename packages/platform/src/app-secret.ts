/**
 * The secret that signs links in emails (unsubscribe, personal enroll links, places in line). APP_SECRET when
 * it is set; otherwise a random secret made on the first start and kept with the data, so links survive a
 * restart, several instances on one database agree, and no secret is ever a constant published in the repo.
 * (Production refuses to start without APP_SECRET: a secret that lives only in the database goes wherever a
 * backup goes.)
 *
 * @example
 * const appSecret = await resolveAppSecret(database.db, env.APP_SECRET);
 */
import { generateRandomString } from "@academy/auth";
import type { Database } from "@academy/db/client";
import { readOrSetSystemFlag } from "@academy/db/queries/system";

const GENERATED_SECRET_FLAG = "generated-app-secret";

export async function resolveAppSecret(db: Database, configured: string | undefined): Promise<string> {
  if (configured) return configured;
  return readOrSetSystemFlag(db, GENERATED_SECRET_FLAG, generateRandomString(48));
}
