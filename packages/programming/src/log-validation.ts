/**
 * A session log as she sent it, checked against the log schema and her plan: the typed log, or the first thing to
 * fix, named by its path and said the way she would read it, with her plan's names for the exercises
 * ("Check the load (kg) of set 2 of Dumbbell split squat: enter a number.").
 */
import type { z } from "zod";
import { type SessionLog, type StrengthLog, sessionLogSchema } from "./member.ts";
import { findPlanSession } from "./plan.ts";
import type { Exercise, Plan } from "./plan-schema.ts";

export interface SessionLogIssue {
  /** `invalid_log`: a field to fix; `unknown_session`: the log names a session her plan does not have. */
  code: "invalid_log" | "unknown_session";
  /** Where in the input, dot-separated (`exercises.0.sets.1.loadKg`), or `log` for the log as a whole. */
  path: string;
  message: string;
}

export type SessionLogCheck = { ok: true; log: SessionLog } | { ok: false; issue: SessionLogIssue };

const FIELD_NAMES: Readonly<Record<string, string>> = {
  reps: "reps",
  loadKg: "load (kg)",
  seconds: "seconds held",
  rir: "reps in reserve",
  variation: "variation",
  minutes: "minutes",
  durationMinutes: "minutes",
  distanceKm: "distance (km)",
  rpe: "effort (RPE)",
  date: "date",
};

/**
 * `input` is the log as posted (without the form's own fields); `plan` is her plan, when she has one: a log of a
 * session must then name a session of it.
 */
export function validateSessionLog(plan: Plan | undefined, input: unknown): SessionLogCheck {
  const parsed = sessionLogSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? "log" : describeField(issue.path, input, plan);
    return {
      ok: false,
      issue: {
        code: "invalid_log",
        path: issue?.path.map(String).join(".") || "log",
        message: `Check ${where}: ${describeProblem(issue)}.`,
      },
    };
  }
  const log = parsed.data;
  if (log.sessionId !== undefined && plan !== undefined && findPlanSession(plan, log.sessionId) === undefined) {
    const message = `Session "${log.sessionId}" is not in your plan.`;
    return { ok: false, issue: { code: "unknown_session", path: "sessionId", message } };
  }
  const mismatch = log.type === "strength" && plan !== undefined ? checkAgainstExercises(log, plan) : undefined;
  return mismatch === undefined ? { ok: true, log } : { ok: false, issue: mismatch };
}

/** A hold is logged in seconds and a set of reps in reps; a variation must be a rung of the exercise's ladder. */
function checkAgainstExercises(log: StrengthLog, plan: Plan): SessionLogIssue | undefined {
  const exercises = indexExercises(plan);
  for (const [index, logged] of log.exercises.entries()) {
    const exercise = exercises.get(logged.exerciseId);
    if (exercise === undefined) continue;
    const rungs = exercise.variations;
    if (logged.variation !== undefined && !rungs.some((rung) => rung.id === logged.variation)) {
      const choices = rungs.length === 0 ? "it has no variations to choose from" : `choose ${listNames(rungs)}`;
      const message = `Check the variation of ${exercise.name}: ${choices}.`;
      return { code: "invalid_log", path: `exercises.${index}.variation`, message };
    }
    const hold = exercise.measure === "seconds";
    const wrong = logged.sets.findIndex((set) => (set.seconds !== undefined) !== hold);
    if (wrong >= 0) {
      const field = hold ? "seconds" : "reps";
      const ask = hold ? "enter the seconds you held" : "enter the reps you did";
      const message = `Check set ${wrong + 1} of ${exercise.name}: ${ask}.`;
      return { code: "invalid_log", path: `exercises.${index}.sets.${wrong}.${field}`, message };
    }
  }
  return undefined;
}

function indexExercises(plan: Plan): Map<string, Exercise> {
  const exercises = new Map<string, Exercise>();
  for (const session of plan.phases.flatMap((phase) => phase.weeks.flatMap((week) => week.sessions))) {
    if (session.type !== "strength") continue;
    for (const exercise of session.exercises) if (!exercises.has(exercise.id)) exercises.set(exercise.id, exercise);
  }
  return exercises;
}

function listNames(rungs: readonly { name: string }[]): string {
  const names = rungs.map((rung) => rung.name);
  return names.length < 2 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}

/** `exercises.0.sets.1.loadKg` → `the load (kg) of set 2 of Dumbbell split squat`, with the plan's names. */
function describeField(path: readonly PropertyKey[], input: unknown, plan: Plan | undefined): string {
  const field = FIELD_NAMES[String(path.at(-1))] ?? (path.map(String).join(".") || "log");
  const index = path[1];
  if (path[0] !== "exercises" || typeof index !== "number") return field;
  const exerciseId = readExerciseId(input, index);
  const name =
    plan?.phases
      .flatMap((phase) => phase.weeks.flatMap((week) => week.sessions))
      .flatMap((session) => (session.type === "strength" ? session.exercises : []))
      .find((exercise) => exercise.id === exerciseId)?.name ?? `exercise ${index + 1}`;
  const set = path[3];
  return path[2] === "sets" && typeof set === "number" ? `the ${field} of set ${set + 1} of ${name}` : name;
}

/** The exercise id she sent at `exercises[index]`, whatever else is wrong with the input. */
function readExerciseId(input: unknown, index: number): unknown {
  const exercises = typeof input === "object" && input !== null && "exercises" in input ? input.exercises : undefined;
  const exercise: unknown = Array.isArray(exercises) ? exercises[index] : undefined;
  return typeof exercise === "object" && exercise !== null && "exerciseId" in exercise
    ? exercise.exerciseId
    : undefined;
}

/** Zod's wording, said the way a person filling in the form would: "enter a number", "at least 0". */
function describeProblem(issue: z.core.$ZodIssue | undefined): string {
  if (issue === undefined) return "it is not valid";
  if (issue.code === "invalid_type" && issue.expected === "number") return "enter a number";
  if (issue.code === "too_small") return `enter at least ${String(issue.minimum)}`;
  if (issue.code === "too_big") return `enter at most ${String(issue.maximum)}`;
  return issue.message;
}
