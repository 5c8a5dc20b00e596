/**
 * Double progression for one exercise. The member chooses her own starting load; after that the load follows
 * her logged sets:
 * - every working set at or above the top of the range, at or above the target RIR → add the exercise's
 *   increment next time and start again at the bottom of the range;
 * - within the range → keep the load and aim for one more rep;
 * - any set below the bottom of the range → keep the load;
 * - below the bottom in two sessions in a row (without having lightened it already) → one increment lighter.
 * Deload sessions keep the load and halve the sets; they never move the load themselves. Only sessions in the
 * current rep range count: a new range (a new phase) means choosing a new load.
 */
import type { IsoDate } from "./dates.ts";
import type { LoggedSet } from "./member.ts";
import type { Exercise, RepRange } from "./plan-schema.ts";

/** One time she did this exercise, with what the plan asked of her that day. */
export interface ExercisePerformance {
  date: IsoDate;
  reps: RepRange;
  targetRir: number;
  deload: boolean;
  sets: readonly LoggedSet[];
}

export type LoadPrescription =
  | { kind: "kg"; kg: number }
  | { kind: "choose"; guidance: string }
  | { kind: "bodyweight" };

export type ProgressionDecision =
  | "choose-load"
  | "increase-load"
  | "add-rep"
  | "hold-load"
  | "back-off"
  | "deload"
  | "harder-variation";

export interface ExercisePrescription {
  exerciseId: string;
  name: string;
  lessonSlug: string;
  cues: string[];
  restSeconds: number;
  sets: number;
  reps: RepRange;
  /** The reps to aim for on every set this time, within `reps`. */
  aimReps: number;
  targetRir: number;
  load: LoadPrescription;
  decision: ProgressionDecision;
  reason: string;
}

export interface PrescribeExerciseOptions {
  deload: boolean;
  /** Share of sets kept in a deload week (the plan's `deload.setsFraction`). */
  deloadSetsFraction: number;
}

export type PerformanceOutcome = "top-of-range" | "top-but-too-hard" | "within-range" | "below-range";

/** Where a session's working sets landed against the range and target RIR she was given that day. */
export function classifyPerformance(performance: ExercisePerformance): PerformanceOutcome {
  const { sets, reps, targetRir } = performance;
  if (sets.some((set) => set.reps < reps.min)) return "below-range";
  if (sets.every((set) => set.reps >= reps.max)) {
    return sets.every((set) => set.rir >= targetRir) ? "top-of-range" : "top-but-too-hard";
  }
  return "within-range";
}

/** Sets kept in a deload week: the given share, rounded up, never fewer than one. */
export function countDeloadSets(sets: number, fraction: number): number {
  return Math.max(1, Math.ceil(sets * fraction));
}

/** The prescription for her next time doing `exercise`, from her earlier performances of it (oldest first). */
export function prescribeExercise(
  exercise: Exercise,
  history: readonly ExercisePerformance[],
  options: PrescribeExerciseOptions,
): ExercisePrescription {
  const sets = options.deload ? countDeloadSets(exercise.sets, options.deloadSetsFraction) : exercise.sets;
  const base = {
    exerciseId: exercise.id,
    name: exercise.name,
    lessonSlug: exercise.lessonSlug,
    cues: exercise.cues,
    restSeconds: exercise.restSeconds,
    sets,
    reps: exercise.reps,
    targetRir: exercise.targetRir,
  };
  const done = history.filter((performance) => performance.sets.length > 0);
  const inRange = done.filter((performance) => isSameRange(performance.reps, exercise.reps));
  const working = inRange.filter((performance) => !performance.deload);
  const { basisKg, lastReps, ...step } = decideNextStep(exercise, working, inRange.at(-1), done.at(-1));

  if (!options.deload) return { ...base, ...step };
  const deloadNote = `Deload week: ${sets} ${sets === 1 ? "set" : "sets"} instead of ${exercise.sets}`;
  if (step.load.kind !== "kg" || basisKg === undefined) {
    return { ...base, ...step, reason: `${deloadNote}. ${step.reason}` };
  }
  return {
    ...base,
    load: { kind: "kg", kg: basisKg },
    aimReps: lastReps ?? exercise.reps.min,
    decision: "deload",
    reason: `${deloadNote}, same ${formatKg(basisKg)} as last time: let your body absorb the work.`,
  };
}

interface NextStep {
  load: LoadPrescription;
  aimReps: number;
  decision: ProgressionDecision;
  reason: string;
  /** The load she last worked with in this range, which a deload keeps. */
  basisKg?: number;
  lastReps?: number;
}

function decideNextStep(
  exercise: Exercise,
  working: readonly ExercisePerformance[],
  lastInRange: ExercisePerformance | undefined,
  lastAnyRange: ExercisePerformance | undefined,
): NextStep {
  const last = working.at(-1);
  if (last === undefined) return decideFirstStep(exercise, lastInRange, lastAnyRange);
  return decideFromLastSession(exercise, last, working.at(-2));
}

/** No full session in this rep range yet: she chooses her load (the plan never prescribes a starting load). */
function decideFirstStep(
  exercise: Exercise,
  lastInRange: ExercisePerformance | undefined,
  lastAnyRange: ExercisePerformance | undefined,
): NextStep {
  const { reps } = exercise;
  if (exercise.loadIncrementKg === 0) {
    return {
      load: { kind: "bodyweight" },
      aimReps: reps.min,
      decision: "add-rep",
      reason: `Aim for ${formatRange(reps)} reps with about ${exercise.targetRir} reps in reserve.`,
    };
  }
  // Only a deload in this range so far: keep what she used then rather than asking again.
  if (lastInRange !== undefined) {
    const kg = lightestLoad(lastInRange.sets);
    return {
      load: { kind: "kg", kg },
      aimReps: reps.min,
      decision: "hold-load",
      reason: `Same ${formatKg(kg)} as last time; aim for ${reps.min} reps on every set.`,
      basisKg: kg,
    };
  }
  const guidance = `Choose a ${exercise.loadGuidance} load you could lift for ${formatRange(reps)} reps with about ${exercise.targetRir} reps in reserve; if in doubt, start lighter.`;
  const previousNote =
    lastAnyRange === undefined
      ? "First time with this exercise"
      : `New rep range (${formatRange(reps)}): you used ${formatKg(lightestLoad(lastAnyRange.sets))} for ${formatRange(lastAnyRange.reps)} reps`;
  return {
    load: { kind: "choose", guidance },
    aimReps: reps.min,
    decision: "choose-load",
    reason: `${previousNote}. ${guidance}`,
  };
}

/** The double-progression rules, applied to her last full session in this range (and the one before it). */
function decideFromLastSession(
  exercise: Exercise,
  last: ExercisePerformance,
  previous: ExercisePerformance | undefined,
): NextStep {
  const { reps } = exercise;
  const bodyweight = exercise.loadIncrementKg === 0;
  const outcome = classifyPerformance(last);
  const basisKg = lightestLoad(last.sets);
  const repCounts = last.sets.map((set) => set.reps);
  const fewestReps = Math.min(...repCounts);
  const mostReps = Math.max(...repCounts);
  const load: LoadPrescription = bodyweight ? { kind: "bodyweight" } : { kind: "kg", kg: basisKg };
  const keep = bodyweight ? "stay with bodyweight" : `keep ${formatKg(basisKg)}`;
  const shared = { basisKg: bodyweight ? undefined : basisKg, lastReps: clamp(fewestReps, reps.min, reps.max) };

  switch (outcome) {
    case "top-of-range": {
      const rir = describeRir(last.sets);
      const achieved = fewestReps === mostReps ? `${fewestReps}` : `${fewestReps}+`;
      if (bodyweight) {
        return {
          ...shared,
          load,
          aimReps: reps.max,
          decision: "harder-variation",
          reason: `You hit ${achieved} reps on every set at ${rir} last time: try the harder variation from the lesson.`,
        };
      }
      const kg = roundKg(basisKg + exercise.loadIncrementKg);
      return {
        ...shared,
        load: { kind: "kg", kg },
        aimReps: reps.min,
        decision: "increase-load",
        reason: `You hit ${achieved} reps on every set at ${rir} last time: add ${formatKg(exercise.loadIncrementKg)} and start again at ${reps.min} reps.`,
      };
    }
    case "top-but-too-hard":
      return {
        ...shared,
        load,
        aimReps: reps.max,
        decision: "hold-load",
        reason: `You reached ${reps.max} reps with fewer than ${last.targetRir} reps in reserve: ${keep} until ${reps.max} reps leaves ${exercise.targetRir} in reserve.`,
      };
    case "within-range": {
      const aimReps = Math.min(reps.max, fewestReps + 1);
      const did = fewestReps === mostReps ? `${fewestReps}` : `${fewestReps}–${mostReps}`;
      return {
        ...shared,
        load,
        aimReps,
        decision: "add-rep",
        reason: `You did ${did} reps last time: ${keep} and aim for one more rep (${aimReps} on every set).`,
      };
    }
    case "below-range": {
      const missedTwice =
        previous !== undefined &&
        classifyPerformance(previous) === "below-range" &&
        basisKg >= lightestLoad(previous.sets);
      if (missedTwice && !bodyweight) {
        const kg = roundKg(Math.max(0, basisKg - exercise.loadIncrementKg));
        return {
          ...shared,
          load: { kind: "kg", kg },
          aimReps: reps.min,
          decision: "back-off",
          reason: `Two sessions in a row fell short of ${reps.min} reps with ${formatKg(basisKg)}: use ${formatKg(kg)} and build back up.`,
        };
      }
      return {
        ...shared,
        load,
        aimReps: reps.min,
        decision: "hold-load",
        reason: `A set fell short of ${reps.min} reps last time: ${keep} and aim for ${reps.min} reps on every set.`,
      };
    }
  }
}

function isSameRange(a: RepRange, b: RepRange): boolean {
  return a.min === b.min && a.max === b.max;
}

// If she used different loads across sets, progress from the lightest: it is the load every set managed.
function lightestLoad(sets: readonly LoggedSet[]): number {
  return sets.length === 0 ? 0 : Math.min(...sets.map((set) => set.loadKg));
}

function describeRir(sets: readonly LoggedSet[]): string {
  const rirs = sets.map((set) => set.rir);
  const least = Math.min(...rirs);
  return rirs.every((rir) => rir === least) ? `${least} RIR` : `${least}+ RIR`;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Loads are kept to two decimals so repeated 1.25 kg steps never drift into 21.249999. */
export function roundKg(kg: number): number {
  return Math.round(kg * 100) / 100;
}

export function formatKg(kg: number): string {
  return `${roundKg(kg)} kg`;
}

function formatRange(range: RepRange): string {
  return range.min === range.max ? `${range.min}` : `${range.min}–${range.max}`;
}
