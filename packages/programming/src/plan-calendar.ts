/**
 * The member's plan calendar: plan time only runs while her membership is active. Plan day 0 is her start date;
 * each later plan day is the next day that is not inside a pause, so a pause shifts everything after it forward by
 * exactly the paused days and never reorders anything. A plan week is seven consecutive plan days (a "window"); a
 * window that a pause interrupts stretches over the pause.
 */
import { addDays, countDaysBetween, type IsoDate, toDayNumber } from "./dates.ts";
import type { Pause } from "./member.ts";

export interface WeekWindow {
  /** 0 for the member's first plan week. */
  index: number;
  from: IsoDate;
  to: IsoDate;
  /** The seven active (unpaused) days of the window, in order. */
  days: IsoDate[];
}

/** Sorted, with overlapping or back-to-back pauses merged; throws a RangeError for a pause that ends before it starts. */
export function normalizePauses(pauses: readonly Pause[]): Pause[] {
  for (const pause of pauses) {
    toDayNumber(pause.from);
    toDayNumber(pause.to);
    if (pause.to < pause.from) {
      throw new RangeError(`A pause must end on or after the day it starts (got ${pause.from} to ${pause.to})`);
    }
  }
  const sorted = [...pauses].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
  const merged: Pause[] = [];
  for (const pause of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && pause.from <= addDays(last.to, 1)) {
      if (pause.to > last.to) last.to = pause.to;
    } else {
      merged.push({ ...pause });
    }
  }
  return merged;
}

export function isPausedOn(date: IsoDate, pauses: readonly Pause[]): boolean {
  return pauses.some((pause) => pause.from <= date && date <= pause.to);
}

/** The last paused day of the pause covering `date`, after merging, or undefined when she is active that day. */
export function findPauseEnd(date: IsoDate, pauses: readonly Pause[]): IsoDate | undefined {
  return normalizePauses(pauses).find((pause) => pause.from <= date && date <= pause.to)?.to;
}

/** The calendar date of plan day `planDay` (0 = the first active day on or after the start date). */
export function mapPlanDayToDate(startDate: IsoDate, planDay: number, pauses: readonly Pause[]): IsoDate {
  const startDay = toDayNumber(startDate);
  let day = startDay + planDay;
  // Pauses are sorted and merged, so after stepping over one the next can only start later.
  for (const pause of normalizePauses(pauses)) {
    const pauseEnd = toDayNumber(pause.to);
    if (pauseEnd < startDay) continue;
    const pauseStart = Math.max(toDayNumber(pause.from), startDay);
    if (pauseStart > day) break;
    day += pauseEnd - pauseStart + 1;
  }
  return addDays(startDate, day - startDay);
}

/**
 * Where a date of the unpaused plan lands once the pauses are taken into account: every date on or after a pause
 * moves forward by that pause's length. Dates before the start date are returned unchanged.
 */
export function shiftDateForPauses(startDate: IsoDate, date: IsoDate, pauses: readonly Pause[]): IsoDate {
  const planDay = countDaysBetween(startDate, date);
  return planDay < 0 ? date : mapPlanDayToDate(startDate, planDay, pauses);
}

/** How many active plan days have passed before `date` (0 on or before the start date). */
export function countActiveDaysBefore(startDate: IsoDate, date: IsoDate, pauses: readonly Pause[]): number {
  const startDay = toDayNumber(startDate);
  const endDay = toDayNumber(date);
  if (endDay <= startDay) return 0;
  let paused = 0;
  for (const pause of normalizePauses(pauses)) {
    const from = Math.max(toDayNumber(pause.from), startDay);
    const to = Math.min(toDayNumber(pause.to), endDay - 1);
    if (from <= to) paused += to - from + 1;
  }
  return endDay - startDay - paused;
}

export function getWeekWindow(startDate: IsoDate, index: number, pauses: readonly Pause[]): WeekWindow {
  const days = Array.from({ length: 7 }, (_, offset) => mapPlanDayToDate(startDate, index * 7 + offset, pauses));
  return { index, from: days[0] ?? startDate, to: days[6] ?? startDate, days };
}

export function listWeekWindows(startDate: IsoDate, pauses: readonly Pause[], count: number): WeekWindow[] {
  return Array.from({ length: count }, (_, index) => getWeekWindow(startDate, index, pauses));
}

/**
 * The index of the plan week she is in on `date`: the window holding it, or — on a paused day — the window she
 * resumes into. Before the start date it is week 0.
 */
export function findWeekIndex(startDate: IsoDate, date: IsoDate, pauses: readonly Pause[]): number {
  return Math.floor(countActiveDaysBefore(startDate, date, pauses) / 7);
}
