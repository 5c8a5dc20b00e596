/**
 * Her weeks so far, for the dashboard: logged volume per plan week (for the chart) and adherence (sessions done
 * against sessions due). Pure functions of the engine's schedule and her logs.
 */
import {
  EMPTY_VOLUME,
  type IsoDate,
  type MemberSchedule,
  type SessionLog,
  summarizeLoggedVolumeByWeek,
  type WeeklyVolume,
} from "@academy/programming";

export interface VolumeWeek {
  from: IsoDate;
  to: IsoDate;
  /** The plan week she did (or does) then; undefined while she waited for a gate. */
  planWeekNumber?: number;
  deload: boolean;
  current: boolean;
  logged: WeeklyVolume;
  /** This week only: the load of everything prescribed, to compare with. */
  plannedLoad?: number;
}

/** The last `count` weeks up to this one, oldest first. */
export function listVolumeWeeks(
  schedule: MemberSchedule,
  logs: readonly SessionLog[],
  options: { count: number; plannedLoad?: number },
): VolumeWeek[] {
  const weeks = schedule.weeks.filter((week) => week.timing !== "upcoming").slice(-options.count);
  const volumes = summarizeLoggedVolumeByWeek(logs, weeks);
  return weeks.map((week, index): VolumeWeek => {
    const current = week.timing === "current";
    return {
      from: week.from,
      to: week.to,
      ...(week.planWeekNumber === undefined ? {} : { planWeekNumber: week.planWeekNumber }),
      deload: week.deload,
      current,
      logged: volumes[index] ?? { ...EMPTY_VOLUME },
      ...(current && options.plannedLoad !== undefined ? { plannedLoad: options.plannedLoad } : {}),
    };
  });
}

export interface Adherence {
  thisWeek: { done: number; total: number };
  /** Since her first week: sessions done against sessions whose day has come, today's included (or that she did early). */
  overall: { done: number; due: number };
}

export function measureAdherence(schedule: MemberSchedule): Adherence {
  const thisWeek = { done: 0, total: 0 };
  const overall = { done: 0, due: 0 };
  for (const week of schedule.weeks) {
    if (week.timing === "upcoming") continue;
    for (const session of week.sessions) {
      const done = session.status === "done";
      if (week.timing === "current") {
        thisWeek.total += 1;
        if (done) thisWeek.done += 1;
      }
      // A session is due on its day, not the day after: on her first morning, today's sessions are due.
      if (done || session.date <= schedule.today) {
        overall.due += 1;
        if (done) overall.done += 1;
      }
    }
  }
  return { thisWeek, overall };
}
