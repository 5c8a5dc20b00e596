/**
 * Race day: a plan with a `race` ends in race week, with the race on its last day. Her race date anchors the plan
 * (the start is counted back from it), the plan's last weeks taper by the shares it declares, and the race itself is
 * the race's real distance for everyone.
 */
import { addDays, countDaysBetween, type IsoDate } from "./dates.ts";
import type { MemberProfile } from "./member.ts";
import { listPlanWeeks } from "./plan.ts";
import type { Plan, Week } from "./plan-schema.ts";

export function countPlanWeeks(plan: Plan): number {
  return listPlanWeeks(plan).length;
}

/** Race week is the plan's last week; only a plan with a race has one. */
export function isRaceWeek(plan: Plan, weekNumber: number): boolean {
  return plan.race !== undefined && weekNumber === countPlanWeeks(plan);
}

/**
 * Share of the written running kept in week `weekNumber` by the plan's taper; undefined outside the taper.
 * `taper: [0.8, 0.6]` in a 12-week plan: week 11 keeps 80%, race week (12) 60% of its runs besides the race.
 */
export function findTaperFraction(plan: Plan, weekNumber: number): number | undefined {
  const taper = plan.race?.taper ?? [];
  const firstTaperWeek = countPlanWeeks(plan) - taper.length + 1;
  return weekNumber >= firstTaperWeek ? taper[weekNumber - firstTaperWeek] : undefined;
}

/** Share of a week's written running she runs: the deload cut and the taper cut (the race itself is never cut). */
export function computeWeekRunningFraction(plan: Plan, week: Week): number {
  const deload = week.deload ? plan.deload.runningFraction : 1;
  return deload * (findTaperFraction(plan, week.number) ?? 1);
}

/** The first day of a race plan that ends on `raceDate`: the plan's weeks counted back, race day last. */
export function countBackStartDate(plan: Plan, raceDate: IsoDate): IsoDate {
  return addDays(raceDate, -(countPlanWeeks(plan) * 7 - 1));
}

/** Her plan's first day: counted back from her race date when the plan has a race and she gave one. */
export function resolveStartDate(plan: Plan, profile: MemberProfile): IsoDate {
  if (plan.race !== undefined && profile.raceDate !== undefined) return countBackStartDate(plan, profile.raceDate);
  return profile.startDate;
}

/**
 * Why a race date cannot anchor this plan, in her words, or undefined when it can: the counted-back start must not
 * be in the past (she would have missed its first weeks).
 */
export function explainRaceDateProblem(plan: Plan, raceDate: IsoDate, today: IsoDate): string | undefined {
  if (plan.race === undefined) return undefined;
  const start = countBackStartDate(plan, raceDate);
  if (start >= today) return undefined;
  const weeks = countPlanWeeks(plan);
  const earliest = addDays(today, weeks * 7 - 1);
  const late = countDaysBetween(start, today);
  return (
    `This plan takes ${weeks} weeks, so a race on ${raceDate} would have started ${late} ${late === 1 ? "day" : "days"} ` +
    `ago (${start}). Choose a race on or after ${earliest}, or leave the race date empty to start on your start date.`
  );
}
