import { describe, expect, it } from "vitest";
import { addBillingIntervals, createSimulatedClock } from "./clock.ts";

const at = (iso: string) => Math.floor(new Date(iso).getTime() / 1000);

describe("addBillingIntervals", () => {
  it("counts months from the anchor and clamps to the end of short months", () => {
    const anchor = at("2030-01-31T09:30:00Z");
    expect(addBillingIntervals(anchor, "month", 1)).toBe(at("2030-02-28T09:30:00Z"));
    expect(addBillingIntervals(anchor, "month", 2)).toBe(at("2030-03-31T09:30:00Z"));
    expect(addBillingIntervals(anchor, "month", 13)).toBe(at("2031-02-28T09:30:00Z"));
  });

  it("renews a leap-day annual subscription on 28 February", () => {
    expect(addBillingIntervals(at("2028-02-29T00:00:00Z"), "year", 1)).toBe(at("2029-02-28T00:00:00Z"));
    expect(addBillingIntervals(at("2028-02-29T00:00:00Z"), "year", 4)).toBe(at("2032-02-29T00:00:00Z"));
  });

  it("adds days and weeks as exact durations", () => {
    expect(addBillingIntervals(at("2030-03-01T00:00:00Z"), "week", 2)).toBe(at("2030-03-15T00:00:00Z"));
    expect(addBillingIntervals(at("2030-03-01T00:00:00Z"), "day", 30)).toBe(at("2030-03-31T00:00:00Z"));
  });
});

describe("createSimulatedClock", () => {
  it("follows the base clock plus the time advanced", () => {
    let base = new Date("2030-01-01T00:00:00Z");
    const clock = createSimulatedClock({ now: () => base });
    clock.advance(2);
    expect(clock.now().toISOString()).toBe("2030-01-03T00:00:00.000Z");
    base = new Date("2030-01-01T01:00:00Z");
    expect(clock.now().toISOString()).toBe("2030-01-03T01:00:00.000Z");
    expect(clock.advance(new Date("2030-02-01T00:00:00Z")).toISOString()).toBe("2030-02-01T00:00:00.000Z");
  });

  it("refuses to go back in time", () => {
    const clock = createSimulatedClock({ now: () => new Date("2030-01-01T00:00:00Z") });
    expect(() => clock.advance(new Date("2029-12-31T00:00:00Z"))).toThrow(RangeError);
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });
});
