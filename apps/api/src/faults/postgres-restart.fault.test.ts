import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type ApiProcess, startApiProcess } from "./api-process.ts";
import { type PrivatePostgres, startPrivatePostgres } from "./private-postgres.ts";

/** Waits for what the test needs to have happened (not for a guess at how long it takes), for up to `timeout` ms. */
const waitUntil = (condition: () => boolean | Promise<boolean>, timeout = 30_000) =>
  vi.waitFor(
    async () => {
      if (!(await condition())) throw new Error("not yet");
    },
    { timeout, interval: 50 },
  );
const healthStatus = async (url: string) => (await fetch(`${url}/api/health`)).status;

describe("PostgreSQL restarts under load", () => {
  let database: PrivatePostgres;
  let api: ApiProcess;
  beforeAll(async () => {
    database = await startPrivatePostgres();
    // Behind one trusted proxy, each join names its own client: the load is many readers, not one flooding.
    api = await startApiProcess({
      DATABASE_URL: database.url,
      NODE_ENV: "test",
      SITE_URL: "http://localhost:4321",
      TRUST_PROXY: "1",
    });
  }, 120_000);
  afterAll(async () => {
    await api?.kill();
    database?.destroy();
  });

  it("answers clear 503s while the database is away, recovers by itself, and loses no accepted join", async () => {
    const accepted: string[] = [];
    const statuses = new Map<number, number>();
    const bodies = new Set<string>();
    let running = true;
    let sent = 0;
    const join = async () => {
      const reader = sent++;
      const email = `load${reader}@example.com`;
      const response = await fetch(`${api.url}/api/waitlist`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-forwarded-for": `10.${(reader >> 16) & 255}.${(reader >> 8) & 255}.${reader & 255}`,
        },
        body: JSON.stringify({ email }),
      }).catch(() => undefined);
      const status = response?.status ?? 0;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status === 200) accepted.push(email);
      if (status === 503) {
        bodies.add((await response?.json())?.error?.code);
        expect(response?.headers.get("retry-after")).toBe("5");
      }
    };
    // Eight clients, each sending one join after another, for as long as the test runs (bounded below).
    const load = Promise.all(
      Array.from({ length: 8 }, async () => {
        while (running && sent < 20_000) await join();
      }),
    );

    // Joins are going through before the database goes away, and keep being told 503 while it is away.
    await waitUntil(() => accepted.length >= 20);
    database.stop();
    await waitUntil(async () => (await healthStatus(api.url)) === 503);
    const health = await fetch(`${api.url}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ database: { status: "down" } });
    await waitUntil(() => (statuses.get(503) ?? 0) >= 16);
    database.start();

    // Recovery without a restart of the API: the health check and joins succeed again by themselves.
    await waitUntil(async () => (await healthStatus(api.url)) === 200);
    const acceptedBeforeStop = accepted.length;
    await waitUntil(() => accepted.length >= acceptedBeforeStop + 20);
    running = false;
    await load;

    expect([...statuses.keys()].sort()).toEqual([200, 503]);
    expect(bodies).toEqual(new Set(["service_unavailable"]));
    expect(accepted.length).toBeGreaterThan(acceptedBeforeStop);

    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      const rows = await sql<{ email: string }[]>`select email from waitlist_entries`;
      const stored = new Set(rows.map((row) => row.email));
      expect(accepted.filter((email) => !stored.has(email))).toEqual([]);
    } finally {
      await sql.end();
    }
  }, 120_000);
});
