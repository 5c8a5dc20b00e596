import type { DatabaseHandle } from "@academy/db/client";
import { createTestDatabase } from "@academy/db/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createSharedPacer, QueueFullError } from "./rate-limiter.ts";

/** Start times, sorted, of calls that went through. */
const sorted = (starts: number[]) => [...starts].sort((a, b) => a - b);

describe("the Stripe pace, kept in the database", () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase(inject("databaseUrl"));
  });
  afterAll(() => database.close());

  it("starts at most perSecond calls in any second", async () => {
    const limiter = createSharedPacer(database.db, { lane: "one", perSecond: 50, allPerSecond: 100, maxWaitMs: 5_000 });
    const started: { index: number; at: number }[] = [];
    await Promise.all(
      Array.from({ length: 75 }, async (_, index) => {
        const at = await limiter.take();
        started.push({ index, at });
      }),
    );
    const byTime = [...started].sort((a, b) => a.at - b.at);
    for (const entry of byTime) {
      const inWindow = byTime.filter((other) => other.at >= entry.at && other.at < entry.at + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(50);
    }
  });

  it("refuses a caller whose wait would be too long, instead of holding her forever", async () => {
    const limiter = createSharedPacer(database.db, { lane: "two", perSecond: 2, allPerSecond: 100, maxWaitMs: 1_000 });
    // Six at once: the turns now, in 0.5 s and in 1 s (the longest wait allowed) are given; the rest are refused.
    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => limiter.take()));
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(3);
    for (const outcome of outcomes.filter((outcome) => outcome.status === "rejected")) {
      expect(outcome.reason).toBeInstanceOf(QueueFullError);
    }
  });

  it("keeps two instances' calls apart, per endpoint and within the budget summed over endpoints", async () => {
    // Two instances, each with its own pacers of two endpoints: 20/s per endpoint, 25/s in all.
    const instance = () => ({
      customers: createSharedPacer(database.db, {
        lane: "customers-x",
        perSecond: 20,
        allPerSecond: 25,
        maxWaitMs: 10_000,
      }),
      sessions: createSharedPacer(database.db, {
        lane: "sessions-x",
        perSecond: 20,
        allPerSecond: 25,
        maxWaitMs: 10_000,
      }),
    });
    const first = instance();
    const second = instance();
    const calls = [first.customers, second.customers, first.sessions, second.sessions].flatMap((pacer) =>
      Array.from({ length: 10 }, () => pacer.take()),
    );
    const lanes = [...Array(20).fill("customers"), ...Array(20).fill("sessions")];
    const started = (await Promise.all(calls)).map((at, index) => ({ at, lane: lanes[index] }));
    // Were each instance pacing itself, both would run at once and finish in about 0.8 s. Shared, the 40 calls
    // take 1.56 s at 25/s in all, and the 20 on one endpoint 0.95 s at 20/s (a late timer only adds to both).
    const span = (entries: { at: number }[]) => {
      const starts = sorted(entries.map(({ at }) => at));
      return (starts.at(-1) ?? 0) - (starts[0] ?? 0);
    };
    expect(span(started)).toBeGreaterThanOrEqual(1_560);
    expect(span(started.filter(({ lane }) => lane === "customers"))).toBeGreaterThanOrEqual(950);
  });

  it("starts proven callers before the anonymous ones queued ahead of them, still at the pace", async () => {
    const limiter = createSharedPacer(database.db, {
      lane: "three",
      perSecond: 10,
      allPerSecond: 100,
      maxWaitMs: 5_000,
    });
    const order: string[] = [];
    const starts: number[] = [];
    const take = (name: string, priority: "proven" | "anonymous") =>
      limiter.take(priority).then((at) => {
        order.push(name);
        starts.push(at);
      });
    const anonymous = Array.from({ length: 12 }, (_, index) => take(`anonymous ${index}`, "anonymous"));
    // The proven callers come once the anonymous ones are queued: they wait at most the anonymous look-ahead.
    await expect.poll(() => order.length).toBeGreaterThanOrEqual(1);
    const proven = [take("proven 0", "proven"), take("proven 1", "proven")];
    await Promise.all([...anonymous, ...proven]);
    // Anonymous callers book at most 250 ms (two or three turns) ahead: both proven ones pass the rest.
    expect(order.indexOf("proven 1")).toBeLessThan(order.indexOf("anonymous 8"));
    expect(order.slice(-4).every((name) => name.startsWith("anonymous"))).toBe(true);
    const byTime = sorted(starts);
    for (let index = 1; index < byTime.length; index++) {
      expect((byTime[index] ?? 0) - (byTime[index - 1] ?? 0)).toBeGreaterThanOrEqual(95);
    }
  });
});
