/**
 * The training plan as the coach writes it (`content/plans/*.yaml`, parsed to plain data elsewhere) and as the
 * engine uses it. `parsePlan` validates the plain data, fills in defaults, and reports the first problems with the
 * file name and the path inside the file, so the coach can find the line to fix.
 */
import { z } from "zod";

export interface RepRange {
  min: number;
  max: number;
}

/** `race` is the race itself: its real distance for everyone, never scaled or cut (see plan.race). */
export type RunKind = "easy" | "long" | "tempo" | "intervals" | "race";

/** Daniels' training paces, worked out from her recent race (see paces.ts). */
export type PaceZone = "easy" | "marathon" | "threshold" | "interval" | "repetition";

/** What a step of a structured run aims for: an effort (RPE 1–10), one of her paces, or a heart-rate zone (1–5). */
export type StepTarget = { rpe: number } | { pace: PaceZone } | { heartRateZone: number };

/** One stretch of a structured run, by time or by distance. */
export interface RunStepPart {
  type: "warmup" | "run" | "recovery" | "cooldown";
  durationMinutes?: number;
  distanceKm?: number;
  target: StepTarget;
}

export type RunStep =
  | RunStepPart
  /** `times` × the inner steps, e.g. 6 × (400 m at interval pace, 90 s jog). */
  | { type: "repeat"; times: number; steps: RunStepPart[] }
  /** Short relaxed accelerations, e.g. 6 × 20 s. */
  | { type: "strides"; times: number; seconds: number };

/** How hard a run should feel: session RPE (1–10) or heart-rate/effort zone (1–5), never both. */
export type RunIntensity = { rpe: number; zone?: undefined } | { zone: number; rpe?: undefined };

export interface RunSession {
  type: "run";
  id: string;
  kind: RunKind;
  title?: string;
  durationMinutes?: number;
  distanceKm?: number;
  intensity: RunIntensity;
  /** Warm-up, repeats, recoveries, cool-down, strides; written as is, never scaled. */
  steps?: RunStep[];
  notes?: string;
}

export interface Exercise {
  /** Stable across weeks and sessions: progression follows the exercise by this id. */
  id: string;
  name: string;
  sets: number;
  /** Reps, or seconds for a timed hold: see `reps`. */
  measure: "reps" | "seconds";
  /**
   * Always filled after parsing: the exercise's own range, or its phase's range; for a timed hold (`holdSeconds` in
   * the plan file) the range in seconds, which progresses the same way, `holdStepSeconds` at a time.
   */
  reps: RepRange;
  /** Seconds added to a hold's aim when she held every set within the range (5 by default). */
  holdStepSeconds: number;
  /** This exercise's own cap on a load increase, in percent of the load (a press with small plates); else the plan's. */
  loadIncreaseCapPercent?: number;
  /**
   * A bodyweight ladder, easiest first (incline push-up → push-up → decline push-up): the top of the range on every
   * set moves her one rung up, two sessions short of the bottom one rung down. Empty for most exercises.
   */
  variations: Variation[];
  /** Reps in reserve to aim for at the end of each working set. */
  targetRir: number;
  restSeconds: number;
  cues: string[];
  /** The lesson that teaches this exercise. */
  lessonSlug: string;
  /**
   * The smallest load step for this exercise (the lightest plate pair, the next dumbbell), added when every prescribed
   * set reaches the top of the range; 0 means a bodyweight exercise.
   */
  loadIncrementKg: number;
  /** How the member picks her own load; the plan never prescribes an absolute starting load. */
  loadGuidance: string;
  notes?: string;
}

/** One rung of an exercise's ladder of variations. */
export interface Variation {
  id: string;
  name: string;
}

export interface StrengthSession {
  type: "strength";
  id: string;
  title: string;
  /** Expected duration and session RPE, for the week's sRPE load budget. */
  durationMinutes: number;
  rpe: number;
  exercises: Exercise[];
  notes?: string;
}

export type Session = RunSession | StrengthSession;

export interface Week {
  /** 1-based and consecutive across the whole plan. */
  number: number;
  deload: boolean;
  /**
   * A planned lighter running week, written as she should run it (unlike a deload, nothing is cut). The ramp rule
   * compares the week after it with the last full week before it.
   */
  stepBack: boolean;
  sessions: Session[];
  notes?: string;
}

export interface Phase {
  id: string;
  title: string;
  repRange: RepRange;
  /** Lessons the member must have completed before this phase starts. */
  prerequisiteLessons: string[];
  weeks: Week[];
  notes?: string;
}

export interface DeloadSettings {
  /** Share of the usual sets kept in a deload week (rounded up, at least one set). */
  setsFraction: number;
  /** Share of the usual running minutes and distance kept in a deload week. */
  runningFraction: number;
  /** Reps in reserve added to every exercise's target in a deload week, and RPE taken off its strength sessions. */
  rirIncrease: number;
}

/** The race a plan builds to: its last week is race week, with the race in it. */
export interface RaceSettings {
  title: string;
  distanceKm: number;
  /**
   * Share of the written running kept in each of the plan's last weeks, oldest first; the last entry is race week
   * (the race itself is never cut). `[0.8, 0.6]`: the week before race week at 80%, race week's other runs at 60%.
   */
  taper: number[];
}

export interface Plan {
  id: string;
  title: string;
  summary?: string;
  /** Every lesson the plan refers to; exercises and gates may only name these. */
  lessons: string[];
  /** Largest week-over-week rise in running minutes the coach accepts, in percent. */
  rampLimitPercent: number;
  /** Rises of at most this many minutes a week never count against the ramp limit (small runs, small numbers). */
  rampFloorMinutes: number;
  /** The same floor for kilometres. */
  rampFloorKm: number;
  /** Largest load increase at once, as a share of the load in percent; increases round down to the exercise's step. */
  loadIncreaseCapPercent: number;
  deload: DeloadSettings;
  race?: RaceSettings;
  phases: Phase[];
}

export const DEFAULT_RAMP_LIMIT_PERCENT = 10;
export const DEFAULT_RAMP_FLOOR_MINUTES = 10;
export const DEFAULT_RAMP_FLOOR_KM = 2;
export const DEFAULT_DELOAD: DeloadSettings = { setsFraction: 0.5, runningFraction: 0.7, rirIncrease: 2 };
export const DEFAULT_LOAD_INCREASE_CAP_PERCENT = 10;
export const DEFAULT_HOLD_STEP_SECONDS = 5;
export const DEFAULT_LOAD_GUIDANCE = "challenging but safe";

const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const slug = z.string().regex(SLUG_PATTERN, { error: "expected a lowercase slug like hip-hinge" });
const text = z.string().trim().min(1, { error: "expected some text" });
const wholeNumber = (min: number, max: number) =>
  z
    .number({ error: "expected a number" })
    .int({ error: "expected a whole number" })
    .min(min, { error: `expected at least ${min}` })
    .max(max, { error: `expected at most ${max}` });
const positiveNumber = z.number({ error: "expected a number" }).positive({ error: "expected more than 0" });

const repRangeSchema = z
  .strictObject({ min: wholeNumber(1, 100), max: wholeNumber(1, 100) })
  .refine((range) => range.min <= range.max, { error: "min must be ≤ max" });

const stepTargetSchema = z.union(
  [
    z.strictObject({ rpe: wholeNumber(1, 10) }),
    z.strictObject({
      pace: z.enum(["easy", "marathon", "threshold", "interval", "repetition"], {
        error: "expected easy, marathon, threshold, interval or repetition",
      }),
    }),
    z.strictObject({ heartRateZone: wholeNumber(1, 5) }),
  ],
  {
    error: "give one target: rpe (1–10), pace (easy, marathon, threshold, interval, repetition) or heartRateZone (1–5)",
  },
);

const stepPartSchema = z
  .strictObject({
    type: z.enum(["warmup", "run", "recovery", "cooldown"], {
      error: "expected warmup, run, recovery, cooldown, repeat or strides",
    }),
    durationMinutes: positiveNumber.max(300, { error: "expected at most 300 minutes" }).optional(),
    distanceKm: positiveNumber.max(60, { error: "expected at most 60 km" }).optional(),
    target: stepTargetSchema,
  })
  .refine((step) => (step.durationMinutes === undefined) !== (step.distanceKm === undefined), {
    error: "a step needs exactly one of durationMinutes or distanceKm",
  });

const runStepSchema = z.union([
  stepPartSchema,
  z.strictObject({
    type: z.literal("repeat"),
    times: wholeNumber(2, 40),
    steps: z.array(stepPartSchema).min(1, { error: "a repeat needs at least one step" }),
  }),
  z.strictObject({ type: z.literal("strides"), times: wholeNumber(1, 12), seconds: wholeNumber(5, 60) }),
]);

const runSessionSchema = z
  .strictObject({
    type: z.literal("run"),
    id: slug,
    kind: z.enum(["easy", "long", "tempo", "intervals", "race"], {
      error: "expected easy, long, tempo, intervals or race",
    }),
    title: text.optional(),
    durationMinutes: positiveNumber.max(600, { error: "expected at most 600 minutes" }).optional(),
    distanceKm: positiveNumber.max(100, { error: "expected at most 100 km" }).optional(),
    intensity: z
      .strictObject({ rpe: wholeNumber(1, 10).optional(), zone: wholeNumber(1, 5).optional() })
      .refine((intensity) => (intensity.rpe === undefined) !== (intensity.zone === undefined), {
        error: "give exactly one of rpe (1–10) or zone (1–5)",
      }),
    steps: z.array(runStepSchema).min(1, { error: "leave steps out, or give at least one" }).optional(),
    notes: text.optional(),
  })
  .refine((run) => run.kind === "race" || run.durationMinutes !== undefined || run.distanceKm !== undefined, {
    error: "a run needs durationMinutes or distanceKm",
  });

const variationSchema = z.strictObject({ id: slug, name: text });

const exerciseSchema = z.strictObject({
  id: slug,
  name: text,
  sets: wholeNumber(1, 10),
  reps: repRangeSchema.optional(),
  holdSeconds: z
    .strictObject({ min: wholeNumber(1, 600), max: wholeNumber(1, 600) })
    .refine((range) => range.min <= range.max, { error: "min must be ≤ max" })
    .optional(),
  holdStepSeconds: wholeNumber(1, 60).default(DEFAULT_HOLD_STEP_SECONDS),
  loadIncreaseCapPercent: z
    .number({ error: "expected a number" })
    .gt(0, { error: "expected more than 0" })
    .max(50, { error: "expected at most 50" })
    .optional(),
  variations: z.array(variationSchema).default([]),
  targetRir: wholeNumber(0, 5),
  restSeconds: wholeNumber(0, 600),
  cues: z.array(text).default([]),
  lessonSlug: slug,
  loadIncrementKg: z
    .number({ error: "expected a number" })
    .min(0, { error: "expected 0 or more" })
    .max(20, { error: "expected at most 20" }),
  loadGuidance: text.default(DEFAULT_LOAD_GUIDANCE),
  notes: text.optional(),
});

const strengthSessionSchema = z.strictObject({
  type: z.literal("strength"),
  id: slug,
  title: text,
  durationMinutes: positiveNumber.max(240, { error: "expected at most 240 minutes" }),
  rpe: wholeNumber(1, 10),
  exercises: z.array(exerciseSchema).min(1, { error: "a strength session needs at least one exercise" }),
  notes: text.optional(),
});

const sessionSchema = z.discriminatedUnion("type", [runSessionSchema, strengthSessionSchema], {
  error: 'expected type "run" or "strength"',
});

const weekSchema = z.strictObject({
  number: wholeNumber(1, 520),
  deload: z.boolean().default(false),
  stepBack: z.boolean().default(false),
  sessions: z.array(sessionSchema),
  notes: text.optional(),
});

const phaseSchema = z.strictObject({
  id: slug,
  title: text,
  repRange: repRangeSchema,
  prerequisiteLessons: z.array(slug).default([]),
  weeks: z.array(weekSchema).min(1, { error: "a phase needs at least one week" }),
  notes: text.optional(),
});

const fraction = z
  .number({ error: "expected a number" })
  .gt(0, { error: "expected more than 0" })
  .max(1, { error: "expected at most 1" });

const planShapeSchema = z.strictObject({
  id: slug,
  title: text,
  summary: text.optional(),
  lessons: z.array(slug),
  rampLimitPercent: z
    .number({ error: "expected a number" })
    .gt(0, { error: "expected more than 0" })
    .max(100, { error: "expected at most 100" })
    .default(DEFAULT_RAMP_LIMIT_PERCENT),
  rampFloorMinutes: z
    .number({ error: "expected a number" })
    .min(0, { error: "expected 0 or more" })
    .max(60, { error: "expected at most 60" })
    .default(DEFAULT_RAMP_FLOOR_MINUTES),
  rampFloorKm: z
    .number({ error: "expected a number" })
    .min(0, { error: "expected 0 or more" })
    .max(10, { error: "expected at most 10" })
    .default(DEFAULT_RAMP_FLOOR_KM),
  loadIncreaseCapPercent: z
    .number({ error: "expected a number" })
    .gt(0, { error: "expected more than 0" })
    .max(50, { error: "expected at most 50" })
    .default(DEFAULT_LOAD_INCREASE_CAP_PERCENT),
  race: z
    .strictObject({
      title: text,
      distanceKm: positiveNumber.max(250, { error: "expected at most 250 km" }),
      taper: z.array(fraction).max(3, { error: "a taper lasts at most 3 weeks" }).default([]),
    })
    .optional(),
  deload: z
    .strictObject({
      setsFraction: fraction.default(DEFAULT_DELOAD.setsFraction),
      runningFraction: fraction.default(DEFAULT_DELOAD.runningFraction),
      rirIncrease: wholeNumber(0, 5).default(DEFAULT_DELOAD.rirIncrease),
    })
    .default({ ...DEFAULT_DELOAD }),
  phases: z.array(phaseSchema).min(1, { error: "a plan needs at least one phase" }),
});

type PlanShape = z.output<typeof planShapeSchema>;

/** Checks that need the whole plan: ids, lesson references and week numbering. */
function checkPlanConsistency(plan: PlanShape, context: z.RefinementCtx): void {
  const report = (path: (string | number)[], message: string) => context.addIssue({ code: "custom", path, message });

  const lessons = new Set<string>();
  plan.lessons.forEach((lesson, index) => {
    if (lessons.has(lesson)) report(["lessons", index], `lesson "${lesson}" is listed twice`);
    lessons.add(lesson);
  });

  const phaseIds = new Map<string, number>();
  const sessionPaths = new Map<string, string>();
  let expectedWeekNumber = 1;
  let numberingReported = false;

  plan.phases.forEach((phase, phaseIndex) => {
    const firstPhase = phaseIds.get(phase.id);
    if (firstPhase !== undefined) {
      report(["phases", phaseIndex, "id"], `duplicate phase id "${phase.id}" (first used at phases[${firstPhase}])`);
    } else {
      phaseIds.set(phase.id, phaseIndex);
    }
    phase.prerequisiteLessons.forEach((lesson, lessonIndex) => {
      if (!lessons.has(lesson)) {
        report(
          ["phases", phaseIndex, "prerequisiteLessons", lessonIndex],
          `lesson "${lesson}" is not listed in lessons`,
        );
      }
    });

    phase.weeks.forEach((week, weekIndex) => {
      const weekPath = ["phases", phaseIndex, "weeks", weekIndex];
      if (week.deload && week.stepBack) {
        report([...weekPath, "stepBack"], "a week is a deload or a step-back week, not both");
      }
      // Only the first numbering slip is reported: every later week would otherwise repeat the same complaint.
      if (!numberingReported && week.number !== expectedWeekNumber) {
        report(
          [...weekPath, "number"],
          `expected week ${expectedWeekNumber} (weeks are numbered consecutively from 1 across the plan), got ${week.number}`,
        );
        numberingReported = true;
      }
      expectedWeekNumber += 1;

      week.sessions.forEach((session, sessionIndex) => {
        const sessionPath = [...weekPath, "sessions", sessionIndex];
        const here = formatIssuePath(sessionPath);
        const firstUse = sessionPaths.get(session.id);
        if (firstUse !== undefined) {
          report([...sessionPath, "id"], `duplicate session id "${session.id}" (first used at ${firstUse})`);
        } else {
          sessionPaths.set(session.id, here);
        }
        if (session.type !== "strength") return;

        const exerciseIds = new Set<string>();
        session.exercises.forEach((exercise, exerciseIndex) => {
          const exercisePath = [...sessionPath, "exercises", exerciseIndex];
          if (exerciseIds.has(exercise.id)) {
            report([...exercisePath, "id"], `exercise "${exercise.id}" appears twice in this session`);
          }
          exerciseIds.add(exercise.id);
          if (!lessons.has(exercise.lessonSlug)) {
            report([...exercisePath, "lessonSlug"], `lesson "${exercise.lessonSlug}" is not listed in lessons`);
          }
          checkExerciseShape(exercise, exercisePath, report);
        });
      });
    });
  });
}

/** A race plan has exactly one race, in its last week; a race session needs the plan's `race` settings. */
function checkRace(plan: PlanShape, context: z.RefinementCtx): void {
  const races: { path: (string | number)[]; weekNumber: number }[] = [];
  let lastWeek = 0;
  plan.phases.forEach((phase, phaseIndex) => {
    phase.weeks.forEach((week, weekIndex) => {
      lastWeek = Math.max(lastWeek, week.number);
      week.sessions.forEach((session, sessionIndex) => {
        if (session.type === "run" && session.kind === "race") {
          races.push({
            path: ["phases", phaseIndex, "weeks", weekIndex, "sessions", sessionIndex],
            weekNumber: week.number,
          });
        }
      });
    });
  });
  const report = (path: (string | number)[], message: string) => context.addIssue({ code: "custom", path, message });
  if (plan.race === undefined) {
    for (const race of races)
      report([...race.path, "kind"], 'a race session needs the plan\'s "race" settings (title, distanceKm)');
    return;
  }
  const [first, ...extra] = races;
  if (first === undefined) {
    report(["race"], 'a race plan needs one run of kind "race" in its last week');
    return;
  }
  for (const race of extra) report([...race.path, "kind"], "a plan has one race; this is the second");
  if (first.weekNumber !== lastWeek) {
    report(
      [...first.path, "kind"],
      `the race goes in the plan's last week (week ${lastWeek}), not week ${first.weekNumber}`,
    );
  }
  if (plan.race.taper.length > lastWeek) {
    report(["race", "taper"], `the taper is ${plan.race.taper.length} weeks but the plan has ${lastWeek}`);
  }
}

type ExerciseShape = z.output<typeof exerciseSchema>;

/** A hold counts seconds, not reps; a ladder names each rung once and has at least two. */
function checkExerciseShape(
  exercise: ExerciseShape,
  path: (string | number)[],
  report: (path: (string | number)[], message: string) => void,
): void {
  if (exercise.holdSeconds !== undefined && exercise.reps !== undefined) {
    report([...path, "holdSeconds"], "a timed hold gives holdSeconds instead of reps, not both");
  }
  const rungs = new Set<string>();
  exercise.variations.forEach((variation, index) => {
    if (rungs.has(variation.id)) {
      report([...path, "variations", index, "id"], `variation "${variation.id}" is listed twice`);
    }
    rungs.add(variation.id);
  });
  if (exercise.variations.length === 1) {
    report([...path, "variations"], "a ladder needs at least two variations, easiest first");
  }
}

/** Fills in what the coach may leave out, so the engine never has to think about defaults. */
function normalisePlan(plan: PlanShape): Plan {
  return {
    ...plan,
    phases: plan.phases.map((phase) => ({
      ...phase,
      weeks: phase.weeks.map((week) => ({
        ...week,
        sessions: week.sessions.map((session): Session => {
          if (session.type === "strength") {
            return {
              ...session,
              exercises: session.exercises.map(({ holdSeconds, ...exercise }) => ({
                ...exercise,
                measure: holdSeconds === undefined ? ("reps" as const) : ("seconds" as const),
                reps: holdSeconds ?? exercise.reps ?? phase.repRange,
              })),
            };
          }
          const { rpe, zone } = session.intensity;
          const intensity: RunIntensity = rpe !== undefined ? { rpe } : { zone: zone ?? 1 };
          if (session.kind === "race" && plan.race !== undefined) {
            // The race is the race's real distance, whatever the coach wrote.
            const { durationMinutes: _written, ...race } = session;
            return { ...race, intensity, distanceKm: plan.race.distanceKm };
          }
          return { ...session, intensity };
        }),
      })),
    })),
  };
}

/** Validates a plan as the coach writes it and turns it into the engine's `Plan`. */
export const planSchema = planShapeSchema
  .superRefine((plan, context) => {
    checkPlanConsistency(plan, context);
    checkRace(plan, context);
  })
  .transform(normalisePlan);

/** The plain-data shape the coach writes (and `content/plans/*.yaml` holds once parsed). */
export type PlanInput = z.input<typeof planSchema>;

export interface PlanIssue {
  /** Where in the file, e.g. `phases[1].weeks[3].sessions[0].exercises[2].reps`. */
  path: string;
  message: string;
}

export class PlanValidationError extends Error {
  override name = "PlanValidationError";
  readonly fileName: string;
  readonly issues: readonly PlanIssue[];

  constructor(fileName: string, issues: readonly PlanIssue[]) {
    super(issues.map((issue) => `${fileName}: ${issue.path}: ${issue.message}`).join("\n"));
    this.fileName = fileName;
    this.issues = issues;
  }
}

/** `["phases", 1, "weeks", 3]` → `phases[1].weeks[3]`; the empty path is the plan itself. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let formatted = "";
  for (const key of path) {
    if (typeof key === "number") formatted += `[${key}]`;
    else formatted += formatted === "" ? String(key) : `.${String(key)}`;
  }
  return formatted === "" ? "(plan)" : formatted;
}

/**
 * Validates plain data (for example a parsed `content/plans/*.yaml`) and returns the typed plan, or throws a
 * PlanValidationError whose message names the file and the path inside it, one problem per line.
 */
export function parsePlan(data: unknown, fileName: string): Plan {
  const result = planSchema.safeParse(data);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message }));
  throw new PlanValidationError(fileName, issues);
}
