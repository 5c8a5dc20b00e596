/**
 * Geometry of the weekly volume chart: one stacked bar per week of training load (session RPE × minutes, the
 * engine's one figure for runs and strength alike), strength at the bottom and running on top, and this week's
 * planned load as an outline. Pure numbers, rendered as SVG by VolumeChart.astro.
 */

import type { VolumeWeek } from "./weekly-progress.ts";

export interface ChartBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ChartBar {
  week: VolumeWeek;
  strength: ChartBox;
  running: ChartBox;
  planned?: ChartBox;
  /** The total load, written above the bar (empty for a week with nothing logged). */
  value: { text: string; x: number; y: number };
  label: { lines: [string, string]; x: number; y: number };
}

export interface VolumeChartLayout {
  width: number;
  height: number;
  plot: ChartBox;
  ticks: { value: number; y: number }[];
  bars: ChartBar[];
  /** Where the axis says what its numbers are (top left, above the highest tick). */
  unit: { text: string; x: number; y: number };
}

/** What the chart's numbers are: session RPE (effort, 1–10) times minutes, for runs and lifting alike. */
export const LOAD_UNIT = "effort × minutes";

/** The phone layout: 360 units wide, about the width a phone gives the chart, so its text reads at its own size. */
export const NARROW_WIDTH = 360;
const HEIGHT = 220;
const MARGIN = { top: 24, right: 6, bottom: 44, left: 42 };
const MAX_BAR_WIDTH = 34;

/**
 * The chart `width` units wide (the height stays), so a wider panel gets a wider chart with more room per bar
 * instead of the same chart scaled up.
 */
export function layoutVolumeChart(weeks: readonly VolumeWeek[], { width = NARROW_WIDTH } = {}): VolumeChartLayout {
  const plot = {
    x: MARGIN.left,
    y: MARGIN.top,
    width: width - MARGIN.left - MARGIN.right,
    height: HEIGHT - MARGIN.top - MARGIN.bottom,
  };
  const highest = Math.max(0, ...weeks.map((week) => Math.max(week.logged.load, week.plannedLoad ?? 0)));
  const top = roundUpNicely(Math.max(highest, 100));
  const toHeight = (load: number) => (load / top) * plot.height;
  const bottom = plot.y + plot.height;
  const slot = plot.width / Math.max(weeks.length, 1);
  const barWidth = Math.min(slot * 0.62, MAX_BAR_WIDTH);

  const bars = weeks.map((week, index): ChartBar => {
    const x = plot.x + slot * index + (slot - barWidth) / 2;
    const strengthHeight = toHeight(week.logged.strengthLoad);
    const runningHeight = toHeight(week.logged.runningLoad);
    const strength = { x, y: bottom - strengthHeight, width: barWidth, height: strengthHeight };
    const running = { x, y: strength.y - runningHeight, width: barWidth, height: runningHeight };
    const plannedHeight = week.plannedLoad === undefined ? undefined : toHeight(week.plannedLoad);
    const center = x + barWidth / 2;
    return {
      week,
      strength,
      running,
      ...(plannedHeight === undefined || plannedHeight <= 0
        ? {}
        : { planned: { x, y: bottom - plannedHeight, width: barWidth, height: plannedHeight } }),
      value: { text: week.logged.load > 0 ? formatLoad(week.logged.load) : "", x: center, y: running.y - 6 },
      label: {
        lines: [
          week.planWeekNumber === undefined ? "–" : `Wk ${week.planWeekNumber}`,
          week.current ? "now" : formatDayMonth(week.from),
        ],
        x: center,
        y: bottom + 17,
      },
    };
  });

  const ticks = [0, top / 2, top].map((value) => ({ value, y: bottom - toHeight(value) }));
  return { width, height: HEIGHT, plot, ticks, bars, unit: { text: `Load (${LOAD_UNIT})`, x: 0, y: 11 } };
}

/** 1, 2 or 5 times a power of ten, at or above `value`: axis limits a person reads at a glance. */
export function roundUpNicely(value: number): number {
  if (value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) {
    if (step * power >= value) return step * power;
  }
  return 10 * power;
}

/** `25/11`: short enough for eight weeks side by side on a phone. */
function formatDayMonth(date: string): string {
  const [, month, day] = date.split("-");
  return `${Number(day)}/${Number(month)}`;
}

/** `840`, `1.2k` */
export function formatLoad(load: number): string {
  if (load >= 10_000) return `${Math.round(load / 1000)}k`;
  if (load >= 1000) return `${(Math.round(load / 100) / 10).toString()}k`;
  return `${Math.round(load)}`;
}
