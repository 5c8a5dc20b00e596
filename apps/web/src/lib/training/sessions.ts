/**
 * One session as a lesson shows it (`<Workout session="…" />`), and where a log form starts. The engine
 * prescribes her current week; a session from another week is shown as the engine previews it (`previewSession`:
 * runs scaled to her, loads from her last sessions), but without a log form: logging a session of another week
 * would move her plan to that week.
 */
import type { TrainingView } from "@academy/platform/training";
import {
  convertIntensityToRpe,
  findPlanSession,
  getSessionTitle,
  type IsoDate,
  type PrescribedSession,
  previewSession,
  type SessionLog,
  type SessionPrescription,
} from "@academy/programming";

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
  const entry = findPlanSession(plan, sessionId);
  if (entry === undefined) return { kind: "unknown" };
  const current = training?.week.sessions.find((session) => session.session.id === sessionId);
  if (current !== undefined && training?.week.week !== undefined) {
    return { kind: "this-week", session: current, weekFrom: training.week.week.from };
  }
  const title = getSessionTitle(entry.session);
  const prescription = previewSession(training?.context ?? { plan }, sessionId);
  if (prescription === undefined) return { kind: "unknown" };
  const log = training?.logs.findLast((candidate) => candidate.sessionId === sessionId);
  if (log !== undefined) return { kind: "logged", title, planWeekNumber: entry.week.number, log, prescription };
  return { kind: "preview", title, planWeekNumber: entry.week.number, prescription, personal: training !== undefined };
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
