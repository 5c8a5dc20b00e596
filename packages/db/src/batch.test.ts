import { describe, expect, it } from "vitest";
import { createBatcher } from "./batch.ts";

describe("createBatcher", () => {
  it("answers calls made together with one run, each caller with its own result", async () => {
    const runs: number[][] = [];
    const double = createBatcher(async (inputs: number[]) => {
      runs.push(inputs);
      return inputs.map((input) => input * 2);
    });
    expect(await Promise.all([1, 2, 3].map(double))).toEqual([2, 4, 6]);
    expect(runs).toEqual([[1, 2, 3]]);
    expect(await double(5)).toBe(10);
    expect(runs).toHaveLength(2);
  });

  it("runs a full batch at once and starts the next one", async () => {
    const sizes: number[] = [];
    const same = createBatcher(
      async (inputs: number[]) => {
        sizes.push(inputs.length);
        return inputs;
      },
      { maxSize: 4 },
    );
    const inputs = Array.from({ length: 10 }, (_, index) => index);
    expect(await Promise.all(inputs.map(same))).toEqual(inputs);
    expect(sizes).toEqual([4, 4, 2]);
  });

  it("lets calls that arrive while the batches are busy wait and go together in the next one", async () => {
    const sizes: number[] = [];
    let release = () => {};
    const slow = createBatcher(
      async (inputs: number[]) => {
        sizes.push(inputs.length);
        if (sizes.length === 1) await new Promise<void>((resolve) => (release = resolve));
        return inputs;
      },
      { maxInFlight: 1 },
    );
    const first = slow(0);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [1, 2, 3, 4, 5].map(slow);
    await new Promise((resolve) => setImmediate(resolve));
    expect(sizes).toEqual([1]);
    release();
    expect(await Promise.all([first, ...later])).toEqual([0, 1, 2, 3, 4, 5]);
    expect(sizes).toEqual([1, 5]);
  });

  it("fails only the input that fails: the others of its batch still succeed", async () => {
    const check = createBatcher(async (inputs: string[]) => {
      if (inputs.includes("bad")) throw new Error("refused: bad");
      return inputs.map((input) => input.toUpperCase());
    });
    const results = await Promise.allSettled(["a", "bad", "c"].map(check));
    expect(results).toEqual([
      { status: "fulfilled", value: "A" },
      { status: "rejected", reason: new Error("refused: bad") },
      { status: "fulfilled", value: "C" },
    ]);
  });

  it("refuses a run that answers a different number of results than it was given", async () => {
    const broken = createBatcher(async (inputs: number[]) => inputs.slice(1));
    await expect(broken(1)).rejects.toThrow("1 inputs gave 0 outputs");
  });
});
