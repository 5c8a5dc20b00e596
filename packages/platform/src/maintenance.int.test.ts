import { consumeRateLimit, MAX_RATE_LIMIT_WINDOW_MS } from "@academy/auth";
import { rateLimitWindows } from "@academy/db/schema";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { MAINTENANCE_QUEUE, runMaintenance, startMaintenance } from "./maintenance.ts";
import { createTestServices, type TestServices } from "./testing.ts";

const HOUR = 3_600_000;

describe("maintenance", () => {
  let platform: TestServices;
  beforeAll(async () => {
    platform = await createTestServices();
  });
  afterAll(() => platform.close());

  const hit = (at: string, rule: { key: string; limit: number; windowMs: number }) => {
    platform.setNow(new Date(at));
    return consumeRateLimit(platform.services.database.db, rule, platform.services.clock.now());
  };
  const storedKeys = async () =>
    (await platform.services.database.db.select({ key: rateLimitWindows.key }).from(rateLimitWindows))
      .map((row) => row.key)
      .sort();

  it("prunes the rate-limit windows that no longer count and keeps the ones still counting", async () => {
    const linksPerEmail = { key: "links:email:ruth@example.com", limit: 1, windowMs: 12 * HOUR };
    const daily = { key: "daily:ip:203.0.113.9", limit: 5, windowMs: MAX_RATE_LIMIT_WINDOW_MS };
    await hit("2026-05-29T08:10:00Z", { key: "links:ip:198.51.100.7", limit: 30, windowMs: HOUR }); // long gone
    // The 31st's day ended at midnight, but it still weighs in on today's sliding window.
    await hit("2026-05-31T10:00:00Z", { ...daily, key: "daily:ip:198.51.100.7" });
    await hit("2026-06-01T10:00:00Z", daily); // today's day: counts until midnight
    await hit("2026-06-01T12:30:00Z", linksPerEmail);
    expect((await hit("2026-06-01T12:31:00Z", linksPerEmail)).allowed).toBe(false);

    platform.setNow(new Date("2026-06-01T23:00:00Z"));
    await runMaintenance(platform.services, "prune-rate-limits");

    expect(await storedKeys()).toEqual([
      "daily:ip:198.51.100.7",
      "daily:ip:203.0.113.9",
      "links:email:ruth@example.com",
    ]);
    // Ruth's second link of the 12 hours is still refused after the pruning.
    expect((await hit("2026-06-01T23:00:00Z", linksPerEmail)).allowed).toBe(false);
  });

  it("refuses a rule longer than the pruning allows for, rather than lifting its limit early", async () => {
    await expect(
      hit("2026-06-01T09:00:00Z", { key: "weekly:ip:1", limit: 1, windowMs: MAX_RATE_LIMIT_WINDOW_MS + HOUR }),
    ).rejects.toThrow(RangeError);
  });

  it("schedules the pruning hourly, and its worker runs the job the cron sends", async () => {
    const maintenance = await startMaintenance(platform.services);
    try {
      const schedules = await platform.services.jobs.boss.getSchedules(MAINTENANCE_QUEUE);
      expect(schedules.map(({ key, cron }) => ({ key, cron }))).toEqual([
        { key: "prune-rate-limits", cron: "0 * * * *" },
      ]);

      await hit("2026-06-03T08:00:00Z", { key: "links:ip:192.0.2.1", limit: 30, windowMs: HOUR });
      platform.setNow(new Date("2026-06-05T09:00:00Z"));
      // What the cron sends at the top of the hour; sent by hand so the test does not wait for it.
      await platform.services.jobs.send(MAINTENANCE_QUEUE, schedules[0]?.data ?? {});
      await vi.waitFor(async () => expect(await storedKeys()).not.toContain("links:ip:192.0.2.1"), {
        timeout: 15_000,
        interval: 200,
      });
    } finally {
      await maintenance.stop();
    }
  });
});
