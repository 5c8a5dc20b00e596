/**
 * A fresh, migrated database for one integration test file: in-memory PGlite, or a new PostgreSQL
 * database cloned from the run's migrated template when the project provides a server URL.
 *
 * @example
 * const database = await createTestDatabase(inject("databaseUrl"));
 * afterAll(() => database.close());
 */
import postgres from "postgres";
import { inject } from "vitest";
import { type DatabaseHandle, openDatabase } from "../client.ts";
import "./template.ts";

export { SPRING_WINDOW } from "./fixtures.ts";

export async function createTestDatabase(serverUrl: string): Promise<DatabaseHandle> {
  if (!serverUrl) return openDatabase({ dataDir: "memory://" });
  const name = `academy_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}" template "${inject("databaseTemplate")}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize: 5 });
  return {
    ...database,
    async close() {
      await database.close();
      const cleanup = postgres(serverUrl, { max: 1, onnotice: () => {} });
      try {
        await cleanup.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
