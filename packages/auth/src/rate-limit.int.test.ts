import type { DatabaseHandle } from "@academy/db/client";
import { createTestDatabase } from "@academy/db/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { consumeRateLimit } from "./rate-limit.ts";

const MINUTE = 60_000;

describe("rate limits over a sliding window", () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase(inject("databaseUrl"));
  });
  afterAll(() => database.close());

  const burst = async (key: string, at: string, count: number) => {
    const rule = { key, limit: 10, windowMs: 10 * MINUTE };
    const answers = [];
    for (let hit = 0; hit < count; hit++) answers.push(await consumeRateLimit(database.db, rule, new Date(at)));
    return answers.filter((answer) => answer.allowed).length;
  };

  it("lets no more than the limit through a burst that straddles two windows", async () => {
    // Ten at the end of one window and ten at the start of the next: a fixed window would allow all twenty.
    const before = await burst("code:ip:203.0.113.9", "2026-06-01T09:09:50Z", 10);
    const after = await burst("code:ip:203.0.113.9", "2026-06-01T09:10:10Z", 10);
    expect(before).toBe(10);
    expect(after).toBe(0);
  });

  it("lets the previous window's hits fade as the window slides on", async () => {
    await burst("code:ip:198.51.100.7", "2026-06-01T09:05:00Z", 10);
    // Halfway through the next window, half of those ten still count: five more go through.
    expect(await burst("code:ip:198.51.100.7", "2026-06-01T09:15:00Z", 10)).toBe(5);
  });
});
