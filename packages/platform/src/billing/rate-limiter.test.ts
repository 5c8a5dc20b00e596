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
    // The first starts now, the second in 0.5 s, the third in 1 s: the longest wait allowed.
    const allowed = [limiter.take(), limiter.take(), limiter.take()];
    await expect(limiter.take()).rejects.toThrow(QueueFullError);
    await Promise.all(allowed);
  });

  it("starts proven callers before the anonymous ones queued ahead of them, still at the pace", async () => {
    const limiter = createRateLimiter({ perSecond: 20, maxWaitMs: 5_000 });
    const order: string[] = [];
    const starts: number[] = [];
    const take = (name: string, priority: "proven" | "anonymous") =>
      limiter.take(priority).then((at) => {
        order.push(name);
        starts.push(at);
      });
    // The first anonymous caller finds the pacer idle and starts at once; the rest wait their turn.
    const anonymous = Array.from({ length: 6 }, (_, index) => take(`anonymous ${index}`, "anonymous"));
    const proven = [take("proven 0", "proven"), take("proven 1", "proven")];
    expect(limiter.waiting).toBe(7);
    await Promise.all([...anonymous, ...proven]);
    expect(order).toEqual([
      "anonymous 0",
      "proven 0",
      "proven 1",
      "anonymous 1",
      "anonymous 2",
      "anonymous 3",
      "anonymous 4",
      "anonymous 5",
    ]);
    for (let index = 1; index < starts.length; index++) {
      expect((starts[index] ?? 0) - (starts[index - 1] ?? 0)).toBeGreaterThanOrEqual(49);
    }
  });

  it("never turns a proven caller away for the anonymous ones queued, but turns anonymous ones away for everyone", async () => {
    const limiter = createRateLimiter({ perSecond: 10, maxWaitMs: 500 });
    // One starts now and five wait up to 0.5 s: the line is as long as it may be.
    const queued = Array.from({ length: 6 }, () => limiter.take("anonymous"));
    await expect(limiter.take("anonymous")).rejects.toThrow(QueueFullError);
    const proven = limiter.take("proven");
    await expect(Promise.all([...queued, proven])).resolves.toHaveLength(7);
  });
});
