import { describe, expect, it } from "vitest";
import { newId } from "./id.ts";

describe("newId", () => {
  it("is the prefix and 26 base32 characters", () => {
    expect(newId("usr")).toMatch(/^usr_[0-9a-hjkmnp-tv-z]{26}$/);
  });

  it("sorts by creation time", () => {
    const times = [1_600_000_000_000, 1_700_000_000_000, 1_700_000_000_001, 1_800_000_000_000];
    const ids = times.map((time) => newId("evt", time));
    expect([...ids].reverse().sort()).toEqual(ids);
  });

  it("does not repeat within one millisecond", () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newId("tok", 1_700_000_000_000)));
    expect(ids.size).toBe(10_000);
  });

  it("keeps the order of ids made one after another in the same millisecond", () => {
    const ids = Array.from({ length: 1_000 }, () => newId("log", 1_750_000_000_000));
    expect([...ids].sort()).toEqual(ids);
  });
});
