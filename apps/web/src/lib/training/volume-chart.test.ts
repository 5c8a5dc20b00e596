import { EMPTY_VOLUME, type WeeklyVolume } from "@academy/programming";
import { describe, expect, it } from "vitest";
import { formatLoad, layoutVolumeChart, roundUpNicely } from "./volume-chart.ts";
import type { VolumeWeek } from "./weekly-progress.ts";

const volume = (runningLoad: number, strengthLoad: number): WeeklyVolume => ({
  ...EMPTY_VOLUME,
  runningLoad,
  strengthLoad,
  load: runningLoad + strengthLoad,
});
const week = (from: string, logged: WeeklyVolume, extra: Partial<VolumeWeek> = {}): VolumeWeek => ({
  from,
  to: from,
  planWeekNumber: 1,
  deload: false,
  current: false,
  logged,
  ...extra,
});

describe("layoutVolumeChart", () => {
  const chart = layoutVolumeChart([
    week("2026-03-02", volume(300, 500)),
    week("2026-03-09", volume(0, 0), { planWeekNumber: 2 }),
    week("2026-03-16", volume(150, 280), { planWeekNumber: 3, current: true, plannedLoad: 900 }),
  ]);
  const bottom = chart.plot.y + chart.plot.height;

  it("stacks running on strength, to one scale that fits the largest week and this week's plan", () => {
    const [first, , current] = chart.bars;
    expect(chart.ticks.map((tick) => tick.value)).toEqual([0, 500, 1000]);
    expect(first?.strength.y).toBeCloseTo(bottom - chart.plot.height * 0.5);
    expect(first?.running.y).toBeCloseTo(bottom - chart.plot.height * 0.8);
    expect(current?.planned?.height).toBeCloseTo(chart.plot.height * 0.9);
    expect(first?.planned).toBeUndefined();
  });

  it("labels each bar with its total, and weeks with their plan week and date", () => {
    expect(chart.bars.map((bar) => bar.value.text)).toEqual(["800", "", "430"]);
    expect(chart.bars.map((bar) => bar.label.lines)).toEqual([
      ["Wk 1", "2/3"],
      ["Wk 2", "9/3"],
      ["Wk 3", "now"],
    ]);
  });

  it("keeps bars apart and inside the plot", () => {
    for (const bar of chart.bars) {
      expect(bar.strength.x).toBeGreaterThanOrEqual(chart.plot.x);
      expect(bar.strength.x + bar.strength.width).toBeLessThanOrEqual(chart.plot.x + chart.plot.width);
    }
    const [a, b] = chart.bars;
    expect((a?.strength.x ?? 0) + (a?.strength.width ?? 0)).toBeLessThan(b?.strength.x ?? 0);
  });
});

describe("a wider chart", () => {
  const weeks = [week("2026-03-02", volume(300, 500)), week("2026-03-09", volume(100, 200), { current: true })];

  it("spreads the same bars across the width it is given, and says what its numbers are", () => {
    const narrow = layoutVolumeChart(weeks);
    const wide = layoutVolumeChart(weeks, { width: 600 });
    expect(wide.width).toBe(600);
    expect(wide.plot.width).toBeGreaterThan(narrow.plot.width + 200);
    const lastBar = wide.bars.at(-1);
    expect((lastBar?.strength.x ?? 0) + (lastBar?.strength.width ?? 0)).toBeGreaterThan(narrow.width);
    expect(wide.unit.text).toBe("Load (effort × minutes)");
    expect(wide.unit.y).toBeLessThan(wide.plot.y);
  });
});

describe("roundUpNicely", () => {
  it("rounds up to 1, 2 or 5 times a power of ten", () => {
    expect([80, 100, 101, 430, 999, 1200, 4800].map(roundUpNicely)).toEqual([100, 100, 200, 500, 1000, 2000, 5000]);
  });
});

describe("formatLoad", () => {
  it("shortens thousands", () => {
    expect([280, 1240, 12_600].map(formatLoad)).toEqual(["280", "1.2k", "13k"]);
  });
});
