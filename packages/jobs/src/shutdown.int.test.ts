import type { DatabaseHandle } from "@academy/db/client";
import { createTestDatabase } from "@academy/db/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createJobs } from "./jobs.ts";

/** A promise and the function that settles it, so a test decides when a job's handler returns. */
function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe("stopping the jobs on shutdown", () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase(inject("databaseUrl"));
  });
  afterAll(() => database?.close());

  it("lets the job under way finish before stop() resolves, and records it completed", async () => {
    const jobs = await createJobs({ database, supervise: false });
    const started = gate();
    const release = gate();
    const finished: number[] = [];
    await jobs.work(
      "export",
      async ([job]) => {
        started.open();
        await release.opened;
        if (job) finished.push((job.data as { n: number }).n);
      },
      { pollingIntervalSeconds: 0.5 },
    );
    const id = await jobs.send("export", { n: 1 });
    if (!id) throw new Error("no job id");
    await started.opened;

    let stopped = false;
    const stopping = jobs.stop({ timeoutMs: 20_000 }).then(() => {
      stopped = true;
    });
    // The shutdown has begun and waits: the handler has not returned yet.
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release.open();
    await stopping;
    expect(finished).toEqual([1]);
    expect((await jobs.boss.getJobById("export", id))?.state).toBe("completed");
  });

  it("hands a job that outlives the timeout back to the queue, and the next instance runs it", async () => {
    const first = await createJobs({ database, supervise: false });
    await first.createQueue("report", { retryLimit: 3, retryDelay: 0 });
    const started = gate();
    const aborted = gate();
    await first.work(
      "report",
      async ([job]) => {
        started.open();
        // A handler that never finishes by itself; pg-boss aborts its signal when the grace period ends.
        await new Promise<void>((resolve) => {
          job?.signal.addEventListener("abort", () => {
            aborted.open();
            resolve();
          });
        });
        throw new Error("interrupted by the shutdown");
      },
      { pollingIntervalSeconds: 0.5 },
    );
    const id = await first.send("report", { n: 2 });
    if (!id) throw new Error("no job id");
    await started.opened;
    const stopStarted = Date.now();
    await first.stop({ timeoutMs: 1_000 });
    expect(Date.now() - stopStarted).toBeLessThan(10_000);
    // The handler was told to give up when the grace period ran out.
    await aborted.opened;
    expect((await first.boss.getJobById("report", id))?.state).toBe("retry");

    const second = await createJobs({ database, supervise: false });
    const ranAgain = gate();
    await second.work(
      "report",
      async () => {
        ranAgain.open();
      },
      { pollingIntervalSeconds: 0.5 },
    );
    await ranAgain.opened;
    await second.stop();
    expect((await second.boss.getJobById("report", id))?.state).toBe("completed");
  });
});
