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

export type RunKind = "easy" | "long" | "tempo" | "intervals";

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
  notes?: string;
}

export interface Exercise {
  /** Stable across weeks and sessions: progression follows the exercise by this id. */
  id: string;
  name: string;
  sets: number;
  /** Always filled after parsing: the exercise's own range, or its phase's range. */
  reps: RepRange;
  /** Reps in reserve to aim for at the end of each working set. */
  targetRir: number;
  restSeconds: number;
  cues: string[];
  /** The lesson that teaches this exercise. */
  lessonSlug: string;
  /** Added when every working set reaches the top of the range; 0 means a bodyweight exercise. */
  loadIncrementKg: number;
  /** How the member picks her own load; the plan never prescribes an absolute starting load. */
  loadGuidance: string;
  notes?: string;
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
}

export interface Plan {
  id: string;
  title: string;
  summary?: string;
  /** Every lesson the plan refers to; exercises and gates may only name these. */
  lessons: string[];
  /** Largest week-over-week rise in running minutes the coach accepts, in percent. */
  rampLimitPercent: number;
  deload: DeloadSettings;
  phases: Phase[];
}

export const DEFAULT_RAMP_LIMIT_PERCENT = 10;
export const DEFAULT_DELOAD: DeloadSettings = { setsFraction: 0.5, runningFraction: 0.7 };
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

const runSessionSchema = z
  .strictObject({
    type: z.literal("run"),
    id: slug,
    kind: z.enum(["easy", "long", "tempo", "intervals"], { error: "expected easy, long, tempo or intervals" }),
    title: text.optional(),
    durationMinutes: positiveNumber.max(600, { error: "expected at most 600 minutes" }).optional(),
    distanceKm: positiveNumber.max(100, { error: "expected at most 100 km" }).optional(),
    intensity: z
      .strictObject({ rpe: wholeNumber(1, 10).optional(), zone: wholeNumber(1, 5).optional() })
      .refine((intensity) => (intensity.rpe === undefined) !== (intensity.zone === undefined), {
        error: "give exactly one of rpe (1–10) or zone (1–5)",
      }),
    notes: text.optional(),
  })
  .refine((run) => run.durationMinutes !== undefined || run.distanceKm !== undefined, {
    error: "a run needs durationMinutes or distanceKm",
  });

const exerciseSchema = z.strictObject({
  id: slug,
  name: text,
  sets: wholeNumber(1, 10),
  reps: repRangeSchema.optional(),
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
  deload: z
    .strictObject({
      setsFraction: fraction.default(DEFAULT_DELOAD.setsFraction),
      runningFraction: fraction.default(DEFAULT_DELOAD.runningFraction),
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
        });
      });
    });
  });
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
              exercises: session.exercises.map((exercise) => ({ ...exercise, reps: exercise.reps ?? phase.repRange })),
            };
          }
          const { rpe, zone } = session.intensity;
          const intensity: RunIntensity = rpe !== undefined ? { rpe } : { zone: zone ?? 1 };
          return { ...session, intensity };
        }),
      })),
    })),
  };
}

/** Validates a plan as the coach writes it and turns it into the engine's `Plan`. */
export const planSchema = planShapeSchema.superRefine(checkPlanConsistency).transform(normalisePlan);

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
