/**
 * Things built once per database handle and kept: prepared statements and write batchers belong to the
 * handle they were made on, so each handle gets its own.
 *
 * Prepared statements are for hot queries: a query built once with `sql.placeholder(…)` and `.prepare()`
 * skips drizzle's SQL building on every call, and PostgreSQL parses and plans it once per connection.
 *
 * @example
 * const userByEmail = perDatabase((db) =>
 *   db.select().from(users).where(eq(users.email, sql.placeholder("email"))).prepare("user_by_email"),
 * );
 * const [user] = await userByEmail(db).execute({ email });
 */
import type { Database } from "./client.ts";

export function perDatabase<T>(build: (db: Database) => T): (db: Database) => T {
  const byDatabase = new WeakMap<Database, T>();
  return (db) => {
    let built = byDatabase.get(db);
    if (built === undefined) {
      built = build(db);
      byDatabase.set(db, built);
    }
    return built;
  };
}
