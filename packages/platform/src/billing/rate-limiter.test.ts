import { describe, expect, it } from "vitest";
import { createRateLimiter, QueueFullError } from "./rate-limiter.ts";

describe("createRateLimiter", () => {
  it("starts at most perSecond calls in any second, in arrival order", async () => {
    const limiter = createRateLimiter({ perSecond: 50, maxWaitMs: 5_000 });
    const started: { index: number; at: number }[] = [];
    await Promise.all(
      Array.from({ length: 75 }, async (_, index) => {
        const at = await limiter.take();
        started.push({ index, at });
      }),
    );
    const byTime = [...started].sort((a, b) => a.at - b.at);
    expect(byTime.map((entry) => entry.index)).toEqual(Array.from({ length: 75 }, (_, index) => index));
    for (const entry of byTime) {
      const inWindow = byTime.filter((other) => other.at >= entry.at && other.at < entry.at + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(50);
    }
  });

  it("refuses a caller whose wait would be too long, instead of holding her forever", async () => {
    const limiter = createRateLimiter({ perSecond: 2, maxWaitMs: 1_000 });
    const first = limiter.take();
    const second = limiter.take();
    await expect(limiter.take()).rejects.toThrow(QueueFullError);
    await Promise.all([first, second]);
  });
});
