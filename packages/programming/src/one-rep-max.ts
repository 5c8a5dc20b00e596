/**
 * Estimated one-rep max (e1RM) per lift, from the sets she logged, for a trend she can watch rise.
 *
 * The formula is Epley's: e1RM = load × (1 + reps to failure / 30). Brzycki's (load × 36 / (37 − reps)) agrees with
 * it exactly at 10 reps and within 3% from 3 to 12; we use Epley because it is linear, so one more rep at the same
 * load always reads as the same ~3% on the trend, and it never blows up as reps rise. Reps to failure are the reps
 * she did plus the reps she had in reserve (8 reps with 2 in reserve ≈ a 10-rep max); a set without an effort counts
 * its reps alone, which can only underestimate. Only sets of 1–12 reps to failure count: past that, every formula
 * drifts, and a 15–20-rep foundation phase says little about a maximum.
 */
import type { IsoDate } from "./dates.ts";
import { readRir, type SessionLog } from "./member.ts";
import type { Plan } from "./plan-schema.ts";

export const ONE_REP_MAX_FORMULA = "Epley";
/** Most reps to failure a set may have to count towards the estimate. */
export const ONE_REP_MAX_MAX_REPS = 12;

export interface OneRepMaxPoint {
  date: IsoDate;
  /** The best estimate of the day, to 0.1 kg. */
  kg: number;
  /** The set it came from. */
  reps: number;
  loadKg: number;
  rir?: number;
}

export interface LiftTrend {
  exerciseId: string;
  name: string;
  /** One point per day she did the lift with a countable set, oldest first. */
  points: OneRepMaxPoint[];
}

/**
 * Epley's estimate for a set taken `repsToFailure` from failure; a true single is the load itself. Undefined outside
 * 1–12 reps to failure or without a load.
 * Worked: 20 kg × 10 → 20 × (1 + 10/30) = 26.7 kg; 30 kg × 5 → 35 kg.
 */
export function estimateOneRepMax(loadKg: number, repsToFailure: number): number | undefined {
  if (loadKg <= 0 || repsToFailure < 1 || repsToFailure > ONE_REP_MAX_MAX_REPS) return undefined;
  if (repsToFailure === 1) return loadKg;
  return Math.round(loadKg * (1 + repsToFailure / 30) * 10) / 10;
}

/** Her e1RM trend for every loaded lift of the plan she has a countable set of, in the plan's order. */
export function trackOneRepMax(plan: Plan, logs: readonly SessionLog[]): LiftTrend[] {
  const lifts = new Map<string, string>();
  for (const phase of plan.phases) {
    for (const week of phase.weeks) {
      for (const session of week.sessions) {
        if (session.type !== "strength") continue;
        for (const exercise of session.exercises) {
          if (exercise.measure === "reps" && exercise.loadIncrementKg > 0 && !lifts.has(exercise.id)) {
            lifts.set(exercise.id, exercise.name);
          }
        }
      }
    }
  }
  const best = new Map<string, Map<IsoDate, OneRepMaxPoint>>();
  for (const log of logs) {
    if (log.type !== "strength") continue;
    for (const exercise of log.exercises) {
      if (!lifts.has(exercise.exerciseId)) continue;
      const days = best.get(exercise.exerciseId) ?? new Map<IsoDate, OneRepMaxPoint>();
      best.set(exercise.exerciseId, days);
      for (const set of exercise.sets) {
        if (set.reps === undefined || set.reps < 1) continue;
        const rir = readRir(set);
        const kg = estimateOneRepMax(set.loadKg, set.reps + (rir ?? 0));
        const current = days.get(log.date);
        if (kg === undefined || (current !== undefined && current.kg >= kg)) continue;
        days.set(log.date, {
          date: log.date,
          kg,
          reps: set.reps,
          loadKg: set.loadKg,
          ...(rir === undefined ? {} : { rir }),
        });
      }
    }
  }
  return [...lifts].flatMap(([exerciseId, name]) => {
    const points = [...(best.get(exerciseId)?.values() ?? [])].sort((a, b) => (a.date < b.date ? -1 : 1));
    return points.length === 0 ? [] : [{ exerciseId, name, points }];
  });
}
