/**
 * Double progression for one exercise. The member chooses her own starting load; after that the load follows
 * her logged sets, judged against what the plan asked of her that day:
 * - every prescribed set at or above the top of the range, at the target RIR → add one load step next time (two
 *   when every set left more in reserve than the target), capped at the plan's share of the load and rounded down
 *   to the exercise's step, and start again at the bottom of the range; a bodyweight exercise moves one rung up
 *   its ladder of variations instead;
 * - fewer sets than prescribed, or within the range → keep the load and aim for one more rep (or a few more seconds
 *   of a hold);
 * - a set below the bottom with fewer reps in reserve than the target → keep the load; two sessions in a row
 *   (without having lightened it already) → one step lighter, or one rung down the ladder;
 * - a set below the bottom while she still had the target in reserve is stopping early, not failing: keep the load.
 * Deload sessions keep the load, halve the sets and leave more in reserve; they never move the load themselves.
 * Only sessions in the current rep range count: a new range (a new phase) means choosing a new load.
 */
import type { IsoDate } from "./dates.ts";
import { type LoggedSet, readAmount, readRir } from "./member.ts";
import type { Exercise, RepRange, Variation } from "./plan-schema.ts";

/** One time she did this exercise, with what the plan asked of her that day. */
export interface ExercisePerformance {
  date: IsoDate;
  reps: RepRange;
  targetRir: number;
  deload: boolean;
  /** Sets the plan asked for that day; fewer logged sets never earn an increase. Defaults to the sets logged. */
  prescribedSets?: number;
  /** The variation she logged, for an exercise with a ladder. */
  variation?: string;
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
  | "harder-variation"
  | "easier-variation";

export interface ExercisePrescription {
  exerciseId: string;
  name: string;
  lessonSlug: string;
  cues: string[];
  restSeconds: number;
  sets: number;
  /** What `reps` and `aimReps` count: reps, or seconds for a timed hold. */
  measure: "reps" | "seconds";
  reps: RepRange;
  /** The reps (or seconds) to aim for on every set this time, usually within `reps`. */
  aimReps: number;
  targetRir: number;
  load: LoadPrescription;
  /** The rung of the exercise's ladder to do this time; absent for an exercise without one. */
  variation?: Variation;
  /** The exercise's whole ladder, easiest first, so her log can say which one she did. */
  variations: Variation[];
  decision: ProgressionDecision;
  reason: string;
}

export interface PrescribeExerciseOptions {
  deload: boolean;
  /** Share of sets kept in a deload week (the plan's `deload.setsFraction`). */
  deloadSetsFraction: number;
  /** Reps in reserve added to the target in a deload week (the plan's `deload.rirIncrease`); 0 if absent. */
  deloadRirIncrease?: number;
  /** The plan's `loadIncreaseCapPercent`; no cap if absent. */
  loadIncreaseCapPercent?: number;
}

export type PerformanceOutcome =
  | "top-with-reserve"
  | "top-of-range"
  | "top-but-too-hard"
  | "missing-sets"
  | "within-range"
  | "stopped-short"
  | "below-range";

/**
 * Where a session's working sets landed against the range and target RIR she was given that day. A set without an
 * effort counts as on target at the top; below the bottom, a set fell short (the load is too heavy) only if she could
 * not have reached the bottom even with the reps she had in reserve (12 reps with 3 in reserve reaches 15: she
 * stopped early, which is not failing). A set below the bottom without an effort counts as falling short.
 */
export function classifyPerformance(performance: ExercisePerformance): PerformanceOutcome {
  const { sets, reps, targetRir } = performance;
  const short = sets.filter((set) => readAmount(set) < reps.min);
  if (short.length > 0) {
    return short.every((set) => couldHaveReached(set, reps.min)) ? "stopped-short" : "below-range";
  }
  if (!sets.every((set) => readAmount(set) >= reps.max)) return "within-range";
  if (sets.length < (performance.prescribedSets ?? sets.length)) return "missing-sets";
  const rirs = sets.map((set) => readRir(set) ?? targetRir);
  if (rirs.some((rir) => rir < targetRir)) return "top-but-too-hard";
  return rirs.every((rir) => rir > targetRir) ? "top-with-reserve" : "top-of-range";
}

/** A short set she stopped with the bottom of the range still in her: reps + RIR reach it, or a hold with reserve. */
function couldHaveReached(set: LoggedSet, min: number): boolean {
  const rir = readRir(set) ?? 0;
  return set.seconds !== undefined ? rir > 0 : set.reps + rir >= min;
}

/** Sets kept in a deload week: the given share, rounded up, never fewer than one. */
export function countDeloadSets(sets: number, fraction: number): number {
  return Math.max(1, Math.ceil(sets * fraction));
}

/** The target RIR of a deload week: the usual target plus the plan's increase, never past 10. */
export function raiseDeloadRir(targetRir: number, increase: number): number {
  return Math.min(10, targetRir + increase);
}

/**
 * The load to add after a session at the top of the range: `steps` of the exercise's step, capped at `capPercent`
 * of the load and rounded down to whole steps. 0 when even one step is over the cap. A load of 0 kg has no share
 * to cap, so it takes the steps.
 * Worked: 30 kg, step 2.5 kg, cap 10% → 3 kg allowed → one step, +2.5 kg; cap 5% → 1.5 kg → 0 (2.5 kg is 8.3%).
 */
export function computeLoadIncrease(loadKg: number, stepKg: number, steps: number, capPercent?: number): number {
  const wanted = steps * stepKg;
  if (capPercent === undefined || loadKg <= 0 || stepKg <= 0) return roundKg(wanted);
  const allowedSteps = Math.floor(roundKg((loadKg * capPercent) / 100) / stepKg + 1e-9);
  return roundKg(Math.min(steps, allowedSteps) * stepKg);
}

/** The prescription for her next time doing `exercise`, from her earlier performances of it (oldest first). */
export function prescribeExercise(
  exercise: Exercise,
  history: readonly ExercisePerformance[],
  options: PrescribeExerciseOptions,
): ExercisePrescription {
  const sets = options.deload ? countDeloadSets(exercise.sets, options.deloadSetsFraction) : exercise.sets;
  const targetRir = options.deload
    ? raiseDeloadRir(exercise.targetRir, options.deloadRirIncrease ?? 0)
    : exercise.targetRir;
  const base = {
    exerciseId: exercise.id,
    name: exercise.name,
    lessonSlug: exercise.lessonSlug,
    cues: exercise.cues,
    restSeconds: exercise.restSeconds,
    sets,
    measure: exercise.measure,
    reps: exercise.reps,
    targetRir,
    variations: exercise.variations,
  };
  const done = history.filter((performance) => performance.sets.length > 0);
  const inRange = done.filter((performance) => isSameRange(performance.reps, exercise.reps));
  const working = inRange.filter((performance) => !performance.deload);
  const { basisKg, lastReps, ...step } = decideNextStep(
    exercise,
    working,
    inRange.at(-1),
    done.at(-1),
    exercise.loadIncreaseCapPercent ?? options.loadIncreaseCapPercent,
  );

  if (!options.deload) return { ...base, ...step };
  const deloadNote = `Deload week: ${sets} ${sets === 1 ? "set" : "sets"} instead of ${exercise.sets}, stopping with ${targetRir} in reserve`;
  if (step.load.kind !== "kg" || basisKg === undefined) {
    const { decision, load, variation } = step;
    const aimReps = lastReps ?? exercise.reps.min;
    const keep = variation === undefined ? {} : { variation };
    if (decision === "choose-load") return { ...base, ...step, reason: `${deloadNote}. ${step.reason}` };
    return {
      ...base,
      ...keep,
      load,
      aimReps,
      decision: "deload",
      reason: `${deloadNote}: let your body absorb the work.`,
    };
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
  variation?: Variation;
  /** The load she last worked with in this range, which a deload keeps. */
  basisKg?: number;
  lastReps?: number;
}

function decideNextStep(
  exercise: Exercise,
  working: readonly ExercisePerformance[],
  lastInRange: ExercisePerformance | undefined,
  lastAnyRange: ExercisePerformance | undefined,
  capPercent: number | undefined,
): NextStep {
  const last = working.at(-1);
  if (last === undefined) return decideFirstStep(exercise, lastInRange, lastAnyRange);
  return decideFromLastSession(exercise, last, working.at(-2), capPercent);
}

/** No full session in this rep range yet: she chooses her load (the plan never prescribes a starting load). */
function decideFirstStep(
  exercise: Exercise,
  lastInRange: ExercisePerformance | undefined,
  lastAnyRange: ExercisePerformance | undefined,
): NextStep {
  const { reps } = exercise;
  const unit = unitOf(exercise);
  if (exercise.loadIncrementKg === 0) {
    const variation = findRung(exercise, (lastInRange ?? lastAnyRange)?.variation) ?? exercise.variations[0];
    const doing = variation === undefined ? "" : `${variation.name}: `;
    return {
      load: { kind: "bodyweight" },
      aimReps: reps.min,
      decision: "add-rep",
      reason: `${doing}aim for ${formatRange(reps)} ${unit} with about ${exercise.targetRir} reps in reserve.`,
      ...(variation === undefined ? {} : { variation }),
    };
  }
  // Only a deload in this range so far: keep what she used then rather than asking again.
  if (lastInRange !== undefined) {
    const kg = lightestLoad(lastInRange.sets);
    return {
      load: { kind: "kg", kg },
      aimReps: reps.min,
      decision: "hold-load",
      reason: `Same ${formatKg(kg)} as last time; aim for ${reps.min} ${unit} on every set.`,
      basisKg: kg,
    };
  }
  const guidance = `Choose a ${exercise.loadGuidance} load you could lift for ${formatRange(reps)} ${unit} with about ${exercise.targetRir} reps in reserve; if in doubt, start lighter.`;
  const previousNote =
    lastAnyRange === undefined
      ? "First time with this exercise"
      : `New rep range (${formatRange(reps)}): you used ${formatKg(lightestLoad(lastAnyRange.sets))} for ${formatRange(lastAnyRange.reps)} ${unit}`;
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
  capPercent: number | undefined,
): NextStep {
  const { reps } = exercise;
  const unit = unitOf(exercise);
  const bodyweight = exercise.loadIncrementKg === 0;
  const outcome = classifyPerformance(last);
  const basisKg = lightestLoad(last.sets);
  const amounts = last.sets.map(readAmount);
  const fewest = Math.min(...amounts);
  const most = Math.max(...amounts);
  const rung = findRung(exercise, last.variation) ?? exercise.variations[0];
  const onRung = rung === undefined ? {} : { variation: rung };
  const load: LoadPrescription = bodyweight ? { kind: "bodyweight" } : { kind: "kg", kg: basisKg };
  const keep = bodyweight ? `stay with ${rung?.name ?? "bodyweight"}` : `keep ${formatKg(basisKg)}`;
  const shared = { basisKg: bodyweight ? undefined : basisKg, lastReps: clamp(fewest, reps.min, reps.max), ...onRung };
  const hold = (aimReps: number, reason: string): NextStep => ({
    ...shared,
    load,
    aimReps,
    decision: "hold-load",
    reason,
  });

  switch (outcome) {
    case "top-with-reserve":
    case "top-of-range": {
      const rir = describeRir(last.sets, last.targetRir);
      const achieved = fewest === most ? `${fewest}` : `${fewest}+`;
      const did = `You hit ${achieved} ${unit} on every set at ${rir} last time`;
      if (bodyweight) {
        const harder = rung === undefined ? undefined : exercise.variations[exercise.variations.indexOf(rung) + 1];
        if (harder !== undefined) {
          return {
            ...shared,
            variation: harder,
            load,
            aimReps: reps.min,
            decision: "harder-variation",
            reason: `${did}: move up to ${harder.name} and start again at ${reps.min} ${unit}.`,
          };
        }
        if (rung !== undefined) {
          return hold(
            reps.max,
            `${did}: ${rung.name} is the hardest variation in the plan, so keep it and slow each lowering to a count of three.`,
          );
        }
        return {
          ...shared,
          load,
          aimReps: reps.max,
          decision: "harder-variation",
          reason: `${did}: try the harder variation from the lesson.`,
        };
      }
      return decideIncrease(exercise, basisKg, fewest, outcome === "top-with-reserve" ? 2 : 1, capPercent, {
        did,
        shared,
        hold,
      });
    }
    case "missing-sets": {
      const prescribed = last.prescribedSets ?? last.sets.length;
      return hold(
        reps.max,
        `You logged ${last.sets.length} of ${prescribed} sets last time: ${keep} and reach ${reps.max} ${unit} on all ${prescribed} before moving on.`,
      );
    }
    case "top-but-too-hard":
      return hold(
        reps.max,
        `You reached ${reps.max} ${unit} with fewer than ${last.targetRir} reps in reserve: ${keep} until ${reps.max} ${unit} leaves ${exercise.targetRir} in reserve.`,
      );
    case "within-range": {
      const step = exercise.measure === "seconds" ? exercise.holdStepSeconds : 1;
      const aimReps = Math.min(reps.max, fewest + step);
      const did = fewest === most ? `${fewest}` : `${fewest}–${most}`;
      const more = exercise.measure === "seconds" ? `${step} seconds more` : "one more rep";
      return {
        ...shared,
        load,
        aimReps,
        decision: "add-rep",
        reason: `You did ${did} ${unit} last time: ${keep} and aim for ${more} (${aimReps} on every set).`,
      };
    }
    case "stopped-short":
      return hold(
        reps.min,
        `You stopped short of ${reps.min} ${unit} with enough in reserve to reach it: that is not failing. ${capitalise(keep)} and carry on to ${reps.min} next time.`,
      );
    case "below-range": {
      const missedTwice =
        previous !== undefined &&
        classifyPerformance(previous) === "below-range" &&
        previous.variation === last.variation &&
        basisKg >= lightestLoad(previous.sets);
      const easier = rung === undefined ? undefined : exercise.variations[exercise.variations.indexOf(rung) - 1];
      if (missedTwice && bodyweight && easier !== undefined) {
        return {
          ...shared,
          variation: easier,
          load,
          aimReps: reps.min,
          decision: "easier-variation",
          reason: `Two sessions in a row fell short of ${reps.min} ${unit}: step back to ${easier.name} and build back up.`,
        };
      }
      if (missedTwice && !bodyweight) {
        const kg = roundKg(Math.max(0, basisKg - exercise.loadIncrementKg));
        return {
          ...shared,
          load: { kind: "kg", kg },
          aimReps: reps.min,
          decision: "back-off",
          reason: `Two sessions in a row fell short of ${reps.min} ${unit} with ${formatKg(basisKg)}: use ${formatKg(kg)} and build back up.`,
        };
      }
      return hold(
        reps.min,
        `A set fell short of ${reps.min} ${unit} last time: ${keep} and aim for ${reps.min} ${unit} on every set.`,
      );
    }
  }
}

/** Every prescribed set at the top: the capped increase, or one more rep first when even one step is over the cap. */
function decideIncrease(
  exercise: Exercise,
  basisKg: number,
  fewest: number,
  steps: number,
  capPercent: number | undefined,
  context: {
    did: string;
    shared: Omit<NextStep, "load" | "aimReps" | "decision" | "reason">;
    hold: (aim: number, reason: string) => NextStep;
  },
): NextStep {
  const { reps } = exercise;
  const unit = unitOf(exercise);
  const step = exercise.loadIncrementKg;
  let added = computeLoadIncrease(basisKg, step, steps, capPercent);
  let why = steps > 1 && added >= 2 * step ? ", two steps since every set left more in reserve than asked" : "";
  if (steps > 1 && added < 2 * step && added > 0)
    why = `, one step: two would be more than ${capPercent}% of ${formatKg(basisKg)}`;
  if (added === 0) {
    // The smallest step is a big jump at this load: earn it with one rep past the top of the range on every set.
    const earned = reps.max + 1;
    if (fewest < earned) {
      const share = Math.round((step / basisKg) * 100);
      return context.hold(
        earned,
        `${context.did}. The next step, ${formatKg(step)}, is ${share}% of ${formatKg(basisKg)}, more than the plan's ${capPercent}% at once: keep ${formatKg(basisKg)} and aim for ${earned} ${unit} on every set first.`,
      );
    }
    added = step;
    why = `, earned with ${earned} ${unit} on every set`;
  }
  const kg = roundKg(basisKg + added);
  return {
    ...context.shared,
    load: { kind: "kg", kg },
    aimReps: reps.min,
    decision: "increase-load",
    reason: `${context.did}: add ${formatKg(added)}${why}${why === "" ? "" : ","} and start again at ${reps.min} ${unit}.`,
  };
}

function isSameRange(a: RepRange, b: RepRange): boolean {
  return a.min === b.min && a.max === b.max;
}

function findRung(exercise: Exercise, id: string | undefined): Variation | undefined {
  return id === undefined ? undefined : exercise.variations.find((variation) => variation.id === id);
}

function unitOf(exercise: Exercise): string {
  return exercise.measure === "seconds" ? "seconds" : "reps";
}

// If she used different loads across sets, progress from the lightest: it is the load every set managed.
function lightestLoad(sets: readonly LoggedSet[]): number {
  return sets.length === 0 ? 0 : Math.min(...sets.map((set) => set.loadKg));
}

function describeRir(sets: readonly LoggedSet[], targetRir: number): string {
  const rirs = sets.map((set) => readRir(set) ?? targetRir);
  const least = Math.min(...rirs);
  return rirs.every((rir) => rir === least) ? `${least} RIR` : `${least}+ RIR`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
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
