/**
 * Builds the API on a fresh test database (PGlite, or PostgreSQL in the postgres project) with a clock
 * the test controls.
 *
 * @example
 * const api = await createTestApi();
 * afterAll(() => api.close());
 * const response = await api.app.request("/api/health");
 */
import { createTestDatabase } from "@academy/db/testing";
import { inject } from "vitest";
import { createApp } from "./app.ts";
import type { Clock, Services } from "./services.ts";

export interface TestApi {
  app: ReturnType<typeof createApp>;
  services: Services;
  /** Moves the test clock to `when`. */
  setNow(when: Date): void;
  close(): Promise<void>;
}

export const TEST_SITE_URL = "http://localhost:4321";

export async function createTestApi(overrides: Partial<Omit<Services, "database" | "clock">> = {}): Promise<TestApi> {
  const database = await createTestDatabase(inject("databaseUrl"));
  let now = new Date("2026-06-01T09:00:00Z");
  const clock: Clock = { now: () => new Date(now) };
  const services: Services = { database, clock, siteUrl: TEST_SITE_URL, ...overrides };
  return {
    app: createApp(services),
    services,
    setNow: (when) => {
      now = when;
    },
    close: () => database.close(),
  };
}

/** A JSON POST as a browser on the site would send it. */
export function postJson(path: string, body: unknown): [string, RequestInit] {
  return [
    path,
    {
      method: "POST",
      headers: { "content-type": "application/json", origin: TEST_SITE_URL },
      body: JSON.stringify(body),
    },
  ];
}

/** A plain HTML form POST as a browser on the site would send it. */
export function postForm(path: string, fields: Record<string, string>): [string, RequestInit] {
  return [
    path,
    {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: TEST_SITE_URL },
      body: new URLSearchParams(fields).toString(),
    },
  ];
}
