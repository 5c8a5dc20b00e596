/**
 * A week's training volume: running minutes and kilometres, strength hard sets and total reps, and one load
 * figure for both — session RPE × minutes (sRPE load), which strength sessions contribute to as well.
 */
import type { IsoDate } from "./dates.ts";
import { readRir, type SessionLog } from "./member.ts";
import type { ExercisePrescription } from "./progression.ts";
import { convertIntensityToRpe, type RunPrescription } from "./running.ts";

export interface WeeklyVolume {
  runningMinutes: number;
  runningKm: number;
  /** Strength sets finished within HARD_SET_MAX_RIR reps of failure. */
  strengthHardSets: number;
  strengthTotalReps: number;
  /** sRPE load of the runs (RPE × minutes). */
  runningLoad: number;
  /** sRPE load of the strength sessions (RPE × minutes). */
  strengthLoad: number;
  /** runningLoad + strengthLoad. */
  load: number;
}

/** A set finished with this many reps in reserve or fewer is hard enough to count as training volume. */
export const HARD_SET_MAX_RIR = 3;

export const EMPTY_VOLUME: Readonly<WeeklyVolume> = {
  runningMinutes: 0,
  runningKm: 0,
  strengthHardSets: 0,
  strengthTotalReps: 0,
  runningLoad: 0,
  strengthLoad: 0,
  load: 0,
};

export function addVolumes(a: WeeklyVolume, b: WeeklyVolume): WeeklyVolume {
  return {
    runningMinutes: a.runningMinutes + b.runningMinutes,
    runningKm: a.runningKm + b.runningKm,
    strengthHardSets: a.strengthHardSets + b.strengthHardSets,
    strengthTotalReps: a.strengthTotalReps + b.strengthTotalReps,
    runningLoad: a.runningLoad + b.runningLoad,
    strengthLoad: a.strengthLoad + b.strengthLoad,
    load: a.load + b.load,
  };
}

export function sumVolumes(volumes: readonly WeeklyVolume[]): WeeklyVolume {
  return volumes.reduce(addVolumes, { ...EMPTY_VOLUME });
}

/** What one logged session adds to its week. */
export function measureLoggedSession(log: SessionLog): WeeklyVolume {
  if (log.type === "run") {
    const runningLoad = log.rpe * log.minutes;
    return {
      ...EMPTY_VOLUME,
      runningMinutes: log.minutes,
      runningKm: log.distanceKm ?? 0,
      runningLoad,
      load: runningLoad,
    };
  }
  const sets = log.exercises.flatMap((exercise) => exercise.sets);
  const strengthLoad = log.rpe * log.durationMinutes;
  return {
    ...EMPTY_VOLUME,
    // A set logged without an effort counts as hard: the plan's working sets are all meant to be near failure.
    strengthHardSets: sets.filter((set) => (readRir(set) ?? 0) <= HARD_SET_MAX_RIR).length,
    strengthTotalReps: sets.reduce((total, set) => total + (set.reps ?? 0), 0),
    strengthLoad,
    load: strengthLoad,
  };
}

export function summarizeLoggedVolume(logs: readonly SessionLog[]): WeeklyVolume {
  return sumVolumes(logs.map(measureLoggedSession));
}

/** Logged volume per date range (both ends included), e.g. one entry per plan week. */
export function summarizeLoggedVolumeByWeek(
  logs: readonly SessionLog[],
  weeks: readonly { from: IsoDate; to: IsoDate }[],
): WeeklyVolume[] {
  return weeks.map(({ from, to }) => summarizeLoggedVolume(logs.filter((log) => log.date >= from && log.date <= to)));
}

/** What a prescribed run adds to the week's budget; a distance-only run adds distance but no minutes or load. */
export function measurePrescribedRun(run: RunPrescription): WeeklyVolume {
  const minutes = run.durationMinutes ?? 0;
  const runningLoad = convertIntensityToRpe(run.intensity) * minutes;
  return { ...EMPTY_VOLUME, runningMinutes: minutes, runningKm: run.distanceKm ?? 0, runningLoad, load: runningLoad };
}

/** What a prescribed strength session adds to the week's budget, counting the reps she is asked to aim for. */
export function measurePrescribedStrength(session: {
  durationMinutes: number;
  rpe: number;
  exercises: readonly ExercisePrescription[];
}): WeeklyVolume {
  const strengthLoad = session.rpe * session.durationMinutes;
  return {
    ...EMPTY_VOLUME,
    strengthHardSets: session.exercises.reduce(
      (total, exercise) => total + (exercise.targetRir <= HARD_SET_MAX_RIR ? exercise.sets : 0),
      0,
    ),
    strengthTotalReps: session.exercises.reduce(
      (total, exercise) => total + (exercise.measure === "seconds" ? 0 : exercise.sets * exercise.aimReps),
      0,
    ),
    strengthLoad,
    load: strengthLoad,
  };
}
