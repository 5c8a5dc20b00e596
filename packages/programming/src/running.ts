/**
 * Running volume for one member: the plan's runs scaled so her week 1 starts near what she runs now, and cut
 * back in deload weeks. The scale is fixed for the whole plan, so the plan's own week-to-week ramp is kept.
 */
import type { Experience, MemberProfile } from "./member.ts";
import { getSessionTitle } from "./plan.ts";
import type { Plan, RunIntensity, RunKind, RunSession, RunStep, Week } from "./plan-schema.ts";
import { computeWeekRunningFraction } from "./race.ts";

/**
 * Approximate session RPE for each effort zone (the middle of the RPE band usually given for it), used to turn a
 * zone-prescribed run into an sRPE load estimate.
 */
export const ZONE_RPE: Readonly<Record<number, number>> = { 1: 2.5, 2: 3.5, 3: 5.5, 4: 7.5, 5: 9.5 };

/**
 * Largest scale-up of the plan's running by experience. New and returning runners never get more running than the
 * coach wrote; an experienced runner who already runs more may get up to half as much again.
 */
export const MAX_RUNNING_SCALE: Readonly<Record<Experience, number>> = { new: 1, returning: 1, experienced: 1.5 };

/**
 * Smallest scale: someone running little or nothing still starts at half of the plan's week 1 (walk–run is fine),
 * because a plan scaled towards zero would never build up.
 */
export const MIN_RUNNING_SCALE = 0.5;

export interface RunPrescription {
  sessionId: string;
  kind: RunKind;
  title: string;
  durationMinutes?: number;
  distanceKm?: number;
  intensity: RunIntensity;
  steps?: RunStep[];
  notes?: string;
  deload: boolean;
  reason: string;
}

export interface RunScaling {
  /** Multiplier applied to every run's minutes and distance (see computeRunningScale). */
  scale: number;
  deload: boolean;
  /** Share of running kept in a deload week (the plan's `deload.runningFraction`). */
  deloadRunningFraction: number;
  /** Share of running kept in a taper week (see findTaperFraction). */
  taperFraction?: number;
  /** A planned lighter week, written as she runs it. */
  stepBack?: boolean;
}

export function convertIntensityToRpe(intensity: RunIntensity): number {
  if (intensity.rpe !== undefined) return intensity.rpe;
  return ZONE_RPE[intensity.zone] ?? intensity.zone * 2;
}

/** Minutes of running a plan week prescribes, after the deload cut; distance-only runs add no minutes. */
export function sumPlannedRunningMinutes(plan: Plan, week: Week): number {
  const factor = computeWeekRunningFraction(plan, week);
  return sumRuns(week, (run) => (run.kind === "race" ? 0 : (run.durationMinutes ?? 0) * factor));
}

/** Kilometres of running a plan week prescribes, after the deload cut; time-only runs add no distance. */
export function sumPlannedRunningKm(plan: Plan, week: Week): number {
  const factor = computeWeekRunningFraction(plan, week);
  return sumRuns(week, (run) => (run.distanceKm ?? 0) * (run.kind === "race" ? 1 : factor));
}

function sumRuns(week: Week, measure: (run: RunSession) => number): number {
  return week.sessions.reduce((total, session) => total + (session.type === "run" ? measure(session) : 0), 0);
}

/**
 * How much of the plan's running she gets: week 1 lands at her current weekly minutes plus at most the plan's ramp
 * limit, never below MIN_RUNNING_SCALE and never above MAX_RUNNING_SCALE for her experience.
 */
export function computeRunningScale(plan: Plan, profile: MemberProfile): number {
  const firstWeek = plan.phases[0]?.weeks[0];
  const planned = firstWeek === undefined ? 0 : sumPlannedRunningMinutes(plan, firstWeek);
  if (planned <= 0) return 1;
  const ceiling = profile.currentWeeklyRunningMinutes * (1 + plan.rampLimitPercent / 100);
  const scale = Math.min(ceiling / planned, MAX_RUNNING_SCALE[profile.experience]);
  return Math.round(Math.max(MIN_RUNNING_SCALE, scale) * 1000) / 1000;
}

export function prescribeRun(run: RunSession, scaling: RunScaling): RunPrescription {
  if (run.kind === "race") return prescribeRace(run);
  const taper = scaling.taperFraction ?? 1;
  const factor = scaling.scale * (scaling.deload ? scaling.deloadRunningFraction : 1) * taper;
  const durationMinutes =
    run.durationMinutes === undefined ? undefined : Math.max(1, Math.round(run.durationMinutes * factor));
  const distanceKm =
    run.distanceKm === undefined ? undefined : Math.max(0.1, Math.round(run.distanceKm * factor * 10) / 10);
  const effort = run.intensity.rpe !== undefined ? `RPE ${run.intensity.rpe}` : `zone ${run.intensity.zone}`;
  const amount = [
    durationMinutes === undefined ? undefined : `${durationMinutes} min`,
    distanceKm === undefined ? undefined : `${distanceKm} km`,
  ]
    .filter((part) => part !== undefined)
    .join(" or ");
  const reasons = [`${amount} at ${effort}.`];
  if (scaling.scale !== 1) {
    reasons.push(
      `Your running is set to ${Math.round(scaling.scale * 100)}% of the plan to start near what you run now.`,
    );
  }
  if (scaling.deload) {
    reasons.push(`Deload week: ${Math.round((1 - scaling.deloadRunningFraction) * 100)}% less running than usual.`);
  }
  if (scaling.stepBack) reasons.push("Step-back week: lighter on purpose, so the last weeks' running sinks in.");
  if (taper < 1) {
    reasons.push(`Taper: ${Math.round((1 - taper) * 100)}% less running than written, so you reach race day fresh.`);
  }
  return {
    sessionId: run.id,
    kind: run.kind,
    title: getSessionTitle(run),
    durationMinutes,
    distanceKm,
    intensity: run.intensity,
    ...(run.steps === undefined ? {} : { steps: run.steps }),
    notes: run.notes,
    deload: scaling.deload,
    reason: reasons.join(" "),
  };
}

/** The race is the race's real distance for everyone: never scaled to her, never cut. */
function prescribeRace(run: RunSession): RunPrescription {
  const distanceKm = run.distanceKm ?? 0;
  return {
    sessionId: run.id,
    kind: run.kind,
    title: getSessionTitle(run),
    distanceKm,
    intensity: run.intensity,
    ...(run.steps === undefined ? {} : { steps: run.steps }),
    notes: run.notes,
    deload: false,
    reason: `Race day: the full ${formatKm(distanceKm)} km. Start slower than you want to and finish strong.`,
  };
}

function formatKm(km: number): string {
  return `${Math.round(km * 10) / 10}`;
}
