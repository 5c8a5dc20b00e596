/**
 * Ramp guidance: how this week compares with the weeks before it. These are gentle nudges about pacing, never
 * predictions of injury. Two views:
 * - week over week: running minutes rising by more than the coach's limit (the plan's `rampLimitPercent`);
 * - acute:chronic: this week's sRPE load against the average of the previous four weeks, flagged above ~1.3
 *   ("much more than usual") and below ~0.8 ("much less than usual").
 * A deload or a step-back week is a planned dip, so the week after one is compared with the last full week before it.
 * Rises of no more than the floor (the plan's `rampFloorMinutes`, `rampFloorKm`) never count: 20 → 25 minutes is
 * +25% but nothing to worry about. Race week is never judged: the race is the point of the plan.
 * The same rule checks a plan itself, so a plan that ramps faster than its own limit is caught at build time.
 */
import { listPlanWeeks } from "./plan.ts";
import type { Plan } from "./plan-schema.ts";
import { isRaceWeek } from "./race.ts";
import { sumPlannedRunningKm, sumPlannedRunningMinutes } from "./running.ts";
import type { WeeklyVolume } from "./volume.ts";

export interface RampWeek {
  volume: WeeklyVolume;
  deload: boolean;
  /** A planned lighter running week (not a deload). */
  stepBack?: boolean;
  /** The week of her race: no guidance. */
  raceWeek?: boolean;
}

export interface RampOptions {
  runningIncreaseLimitPercent: number;
  /** Rises of at most this many minutes never count against the limit. */
  runningIncreaseFloorMinutes: number;
  muchMoreThanUsualRatio: number;
  muchLessThanUsualRatio: number;
  /** How many previous weeks make "usual"; with fewer than this there is no acute:chronic view yet. */
  chronicWeeks: number;
}

export const DEFAULT_RAMP_OPTIONS: Readonly<RampOptions> = {
  runningIncreaseLimitPercent: 10,
  runningIncreaseFloorMinutes: 10,
  muchMoreThanUsualRatio: 1.3,
  muchLessThanUsualRatio: 0.8,
  chronicWeeks: 4,
};

export type RampGuidanceKind = "running-increase" | "much-more-than-usual" | "much-less-than-usual";

export interface RampGuidance {
  kind: RampGuidanceKind;
  /** This week divided by the figure it was compared with. */
  ratio: number;
  message: string;
}

// Floating point turns 110 / 100 into 1.1000000000000001; an increase of exactly the limit is within it.
const TOLERANCE = 1e-9;

/**
 * The index of the week to compare week `index` with: the week before, except that a full week after a deload
 * is compared with the last full week before the deload.
 */
export function findRampBaseline(
  weeks: readonly { deload: boolean; stepBack?: boolean }[],
  index: number,
): number | undefined {
  const current = weeks[index];
  if (current === undefined || index === 0) return undefined;
  if (isLighterWeek(current)) return index - 1;
  for (let candidate = index - 1; candidate >= 0; candidate -= 1) {
    const week = weeks[candidate];
    if (week !== undefined && !isLighterWeek(week)) return candidate;
  }
  return undefined;
}

function isLighterWeek(week: { deload: boolean; stepBack?: boolean }): boolean {
  return week.deload || week.stepBack === true;
}

/** A rise counts against the limit only when it is above both the percentage and the absolute floor. */
export function exceedsRampLimit(previous: number, current: number, limitPercent: number, floor: number): boolean {
  if (previous <= 0) return false;
  if (current - previous <= floor + TOLERANCE) return false;
  return (current / previous - 1) * 100 > limitPercent + TOLERANCE;
}

/** Guidance for `thisWeek` given the weeks before it, oldest first. */
export function assessRamp(
  previousWeeks: readonly RampWeek[],
  thisWeek: RampWeek,
  options: Partial<RampOptions> = {},
): RampGuidance[] {
  const settings = { ...DEFAULT_RAMP_OPTIONS, ...options };
  const guidance: RampGuidance[] = [];
  if (thisWeek.raceWeek) return guidance;
  const weeks = [...previousWeeks, thisWeek];

  const baselineIndex = findRampBaseline(weeks, weeks.length - 1);
  const baseline = baselineIndex === undefined ? undefined : weeks[baselineIndex];
  const minutes = thisWeek.volume.runningMinutes;
  if (baseline !== undefined && baseline.volume.runningMinutes > 0) {
    const ratio = minutes / baseline.volume.runningMinutes;
    const increasePercent = (ratio - 1) * 100;
    const limit = settings.runningIncreaseLimitPercent;
    if (exceedsRampLimit(baseline.volume.runningMinutes, minutes, limit, settings.runningIncreaseFloorMinutes)) {
      const when = baselineIndex === weeks.length - 2 ? "last week" : "your last full week";
      guidance.push({
        kind: "running-increase",
        ratio,
        message:
          `This week comes to ${Math.round(minutes)} minutes of running, ${formatPercent(increasePercent)} more than ` +
          `${when} (${Math.round(baseline.volume.runningMinutes)} minutes). Your coach suggests adding no more than ` +
          `${formatPercent(settings.runningIncreaseLimitPercent)} a week, so keep the extra running easy and conversational.`,
      });
    }
  }

  const chronic = previousWeeks.slice(-settings.chronicWeeks);
  if (chronic.length >= settings.chronicWeeks) {
    const usual = chronic.reduce((total, week) => total + week.volume.load, 0) / chronic.length;
    if (usual > 0) {
      const ratio = thisWeek.volume.load / usual;
      const times = `about ${ratio.toFixed(1)}× your average over the last ${chronic.length} weeks`;
      if (ratio > settings.muchMoreThanUsualRatio + TOLERANCE) {
        guidance.push({
          kind: "much-more-than-usual",
          ratio,
          message:
            `This week's training load is much more than usual: ${times}. That's fine now and then — keep the easy ` +
            "sessions truly easy and look after your sleep.",
        });
      } else if (ratio < settings.muchLessThanUsualRatio - TOLERANCE) {
        guidance.push({
          kind: "much-less-than-usual",
          ratio,
          message:
            `This week's training load is much less than usual: ${times}. That's completely fine — ease back in ` +
            "gently rather than making up for it.",
        });
      }
    }
  }
  return guidance;
}

export interface PlanRampFinding {
  planId: string;
  metric: "runningMinutes" | "runningKm";
  weekNumber: number;
  comparedWithWeek: number;
  previous: number;
  current: number;
  increasePercent: number;
  limitPercent: number;
  message: string;
}

/**
 * Weeks whose prescribed running (after deload cuts) rises faster than the plan's own `rampLimitPercent`, in
 * minutes and in kilometres. An empty list means the plan keeps to its limit.
 */
export function checkPlanRamp(plan: Plan): PlanRampFinding[] {
  const weeks = listPlanWeeks(plan).map(({ week }) => ({
    number: week.number,
    deload: week.deload,
    stepBack: week.stepBack,
    raceWeek: isRaceWeek(plan, week.number),
    runningMinutes: sumPlannedRunningMinutes(plan, week),
    runningKm: sumPlannedRunningKm(plan, week),
  }));
  const limitPercent = plan.rampLimitPercent;
  const findings: PlanRampFinding[] = [];

  for (const metric of ["runningMinutes", "runningKm"] as const) {
    const unit = metric === "runningMinutes" ? "minutes" : "km";
    const floor = metric === "runningMinutes" ? plan.rampFloorMinutes : plan.rampFloorKm;
    weeks.forEach((week, index) => {
      if (week.raceWeek) return;
      const baselineIndex = findRampBaseline(weeks, index);
      const baseline = baselineIndex === undefined ? undefined : weeks[baselineIndex];
      if (baseline === undefined || !exceedsRampLimit(baseline[metric], week[metric], limitPercent, floor)) return;
      const increasePercent = (week[metric] / baseline[metric] - 1) * 100;
      findings.push({
        planId: plan.id,
        metric,
        weekNumber: week.number,
        comparedWithWeek: baseline.number,
        previous: baseline[metric],
        current: week[metric],
        increasePercent,
        limitPercent,
        message:
          `${plan.id}: week ${week.number} prescribes ${formatAmount(week[metric])} ${unit} of running, ` +
          `${formatPercent(increasePercent)} more than week ${baseline.number} (${formatAmount(baseline[metric])} ${unit}); ` +
          `the plan's limit is ${formatPercent(limitPercent)} a week` +
          (floor > 0 ? `, and rises of up to ${formatAmount(floor)} ${unit} always pass.` : "."),
      });
    });
  }
  return findings.sort((a, b) => a.weekNumber - b.weekNumber);
}

function formatPercent(percent: number): string {
  return `${Math.round(percent * 10) / 10}%`;
}

function formatAmount(amount: number): string {
  return `${Math.round(amount * 10) / 10}`;
}
