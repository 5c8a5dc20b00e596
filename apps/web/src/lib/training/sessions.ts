/**
 * One session as a lesson shows it (`<Workout session="…" />`), and what changes after she logs one. The engine
 * prescribes her current week; a session from another week is shown as a preview, prescribed from her logs the
 * same way the engine would (runs scaled to her, loads from her last sessions), but without a log form: logging a
 * session of another week would move her plan to that week.
 */
import {
  collectExerciseHistory,
  computeRunningScale,
  convertIntensityToRpe,
  type ExercisePrescription,
  getSessionTitle,
  type IsoDate,
  indexPlanSessions,
  type Plan,
  type PrescribedSession,
  prescribeExercise,
  prescribeRun,
  type SessionLog,
  type SessionPrescription,
  type StrengthLog,
} from "@academy/programming";
import type { TrainingView } from "./member-training.ts";

export type WorkoutView =
  /** In her week: her prescription, its day and status, and the log form. */
  | { kind: "this-week"; session: PrescribedSession; weekFrom: IsoDate }
  /** From another week, already logged: what she did. */
  | { kind: "logged"; title: string; planWeekNumber: number; log: SessionLog; prescription: SessionPrescription }
  /** From another week: what it will ask of her (or, before she has a plan, the plan as written). */
  | { kind: "preview"; title: string; planWeekNumber: number; prescription: SessionPrescription; personal: boolean }
  | { kind: "unknown" };

export function resolveWorkout(view: TrainingView, sessionId: string): WorkoutView {
  const { plan, training } = view;
  if (plan === undefined) return { kind: "unknown" };
  const entry = indexPlanSessions(plan).get(sessionId);
  if (entry === undefined) return { kind: "unknown" };
  const current = training?.week.sessions.find((session) => session.session.id === sessionId);
  if (current !== undefined && training?.week.week !== undefined) {
    return { kind: "this-week", session: current, weekFrom: training.week.week.from };
  }
  const title = getSessionTitle(entry.session);
  const prescription = previewSession(view, plan, sessionId);
  if (prescription === undefined) return { kind: "unknown" };
  const log = training?.logs.findLast((candidate) => candidate.sessionId === sessionId);
  if (log !== undefined) return { kind: "logged", title, planWeekNumber: entry.week.number, log, prescription };
  return { kind: "preview", title, planWeekNumber: entry.week.number, prescription, personal: training !== undefined };
}

/** A plan session prescribed for her from everything she has logged up to today (or as written, without a plan). */
export function previewSession(view: TrainingView, plan: Plan, sessionId: string): SessionPrescription | undefined {
  const index = indexPlanSessions(plan);
  const entry = index.get(sessionId);
  if (entry === undefined) return undefined;
  const { session, week } = entry;
  const profile = view.training?.context.profile;
  if (session.type === "run") {
    const scale = profile === undefined ? 1 : computeRunningScale(plan, profile);
    const run = prescribeRun(session, {
      scale,
      deload: week.deload,
      deloadRunningFraction: plan.deload.runningFraction,
    });
    return { type: "run", ...run };
  }
  const history = (view.training?.logs ?? []).filter((log) => log.date <= view.today);
  return {
    type: "strength",
    sessionId: session.id,
    title: session.title,
    durationMinutes: session.durationMinutes,
    rpe: session.rpe,
    ...(session.notes === undefined ? {} : { notes: session.notes }),
    deload: week.deload,
    exercises: session.exercises.map((exercise) =>
      prescribeExercise(exercise, collectExerciseHistory(exercise.id, history, index), {
        deload: week.deload,
        deloadSetsFraction: plan.deload.setsFraction,
      }),
    ),
  };
}

/**
 * After she logs a strength session: each of its exercises as the plan will prescribe it next time (in a full week
 * of the same rep range), so she sees at once what her log changed.
 */
export function prescribeNextTime(view: TrainingView, log: StrengthLog): ExercisePrescription[] {
  const { plan } = view;
  if (plan === undefined || log.sessionId === undefined) return [];
  const index = indexPlanSessions(plan);
  const entry = index.get(log.sessionId);
  if (entry === undefined || entry.session.type !== "strength") return [];
  const history = view.training?.logs ?? [];
  return entry.session.exercises.map((exercise) =>
    prescribeExercise(exercise, collectExerciseHistory(exercise.id, history, index), {
      deload: false,
      deloadSetsFraction: plan.deload.setsFraction,
    }),
  );
}

/** The session RPE a log form starts from: the plan's for strength, the run's effort for runs. */
export function suggestRpe(prescription: SessionPrescription): number {
  if (prescription.type === "strength") return prescription.rpe;
  return Math.min(10, Math.max(1, Math.round(convertIntensityToRpe(prescription.intensity))));
}

/** The day a log form starts from: the session's day, or today when she does it early. */
export function suggestLogDate(sessionDate: IsoDate, today: IsoDate): IsoDate {
  return sessionDate < today ? sessionDate : today;
}
