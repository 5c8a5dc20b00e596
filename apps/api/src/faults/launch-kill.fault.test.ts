import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ApiProcess, freePort, startApiProcess } from "./api-process.ts";
import { seedDoorsOpenLaunch } from "./launch-fixture.ts";
import { type PrivatePostgres, startPrivatePostgres } from "./private-postgres.ts";

const RECIPIENTS = 4_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the server killed with SIGKILL in the middle of a launch send", () => {
  let database: PrivatePostgres;
  let launch: Awaited<ReturnType<typeof seedDoorsOpenLaunch>>;
  beforeAll(async () => {
    database = await startPrivatePostgres();
    launch = await seedDoorsOpenLaunch(database.url, RECIPIENTS);
  }, 120_000);
  afterAll(async () => {
    await launch?.close();
    await database?.destroy();
  });

  it("sends every recipient exactly once after a restart", async () => {
    const env = { DATABASE_URL: database.url, NODE_ENV: "test", SITE_URL: "http://localhost:4321" };
    const port = await freePort();
    const { sentCount } = launch;
    let first: ApiProcess | undefined;
    let second: ApiProcess | undefined;
    try {
      first = await startApiProcess(env, port);
      let atKill = 0;
      for (let attempt = 0; attempt < 600 && atKill === 0; attempt++) {
        const count = await sentCount();
        if (count >= 200) {
          await first.kill("SIGKILL");
          atKill = await sentCount();
        } else await sleep(25);
      }
      expect(atKill).toBeGreaterThan(0);
      expect(atKill).toBeLessThan(RECIPIENTS);

      second = await startApiProcess(env, port);
      let total = atKill;
      for (let attempt = 0; attempt < 240 && total < RECIPIENTS; attempt++) {
        await sleep(250);
        total = await sentCount();
      }
      expect(await launch.summary()).toEqual({ rows: RECIPIENTS, recipients: RECIPIENTS });
    } finally {
      await first?.kill("SIGKILL");
      await second?.kill();
    }
  }, 120_000);
});
