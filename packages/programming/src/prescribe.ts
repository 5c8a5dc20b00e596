/**
 * Her prescription: for each session of the week she is in, what to do — runs scaled to her and cut in deload
 * weeks, and for each exercise the sets, rep range, target RIR, load and a short reason. Prescriptions are worked out
 * from what she has logged so far, so a session later in the week updates as soon as she logs an earlier one.
 */
import { type IsoDate, toIsoDate } from "./dates.ts";
import type { SessionLog, StrengthLog } from "./member.ts";
import type { ScheduledSession } from "./missed-sessions.ts";
import { findPlanSession, indexPlanSessions, type PlanSessionEntry } from "./plan.ts";
import type { Plan, StrengthSession } from "./plan-schema.ts";
import { type ExercisePerformance, type ExercisePrescription, prescribeExercise } from "./progression.ts";
import { findTaperFraction } from "./race.ts";
import { assessRamp, type RampGuidance } from "./ramp.ts";
import { computeRunningScale, prescribeRun, type RunPrescription } from "./running.ts";
import {
  buildSchedule,
  type GateStatus,
  type MemberContext,
  type MemberSchedule,
  type MembershipStatus,
  type ScheduledWeek,
  type WeekReason,
} from "./schedule.ts";
import {
  addVolumes,
  EMPTY_VOLUME,
  measurePrescribedRun,
  measurePrescribedStrength,
  summarizeLoggedVolume,
  sumVolumes,
  type WeeklyVolume,
} from "./volume.ts";
import type { UnscheduledSession } from "./week-layout.ts";

export interface StrengthPrescription {
  type: "strength";
  sessionId: string;
  title: string;
  durationMinutes: number;
  rpe: number;
  notes?: string;
  deload: boolean;
  exercises: ExercisePrescription[];
}

export type SessionPrescription = ({ type: "run" } & RunPrescription) | StrengthPrescription;

export interface PrescribedSession extends ScheduledSession {
  planWeekNumber: number;
  prescription: SessionPrescription;
}

export interface WeekVolumeSummary {
  /** Everything prescribed this week, as prescribed. */
  budget: WeeklyVolume;
  /** What she has logged this week so far. */
  logged: WeeklyVolume;
  /** Logged so far plus the sessions still to come. */
  projected: WeeklyVolume;
}

export interface WeekPrescription {
  status: MembershipStatus;
  today: IsoDate;
  resumesOn?: IsoDate;
  /** The week she is in; undefined once the plan is complete. */
  week?: {
    index: number;
    from: IsoDate;
    to: IsoDate;
    planWeekNumber?: number;
    phaseId: string;
    deload: boolean;
    reason: WeekReason;
  };
  gate: GateStatus;
  sessions: PrescribedSession[];
  unscheduled: UnscheduledSession[];
  volume: WeekVolumeSummary;
  /** Ramp guidance for this week against the weeks before it. */
  guidance: RampGuidance[];
}

interface PrescribingContext {
  plan: Plan;
  logs: readonly SessionLog[];
  sessionIndex: ReadonlyMap<string, PlanSessionEntry>;
  runningScale: number;
  today: IsoDate;
}

/** Everything a member page shows of her plan, worked out from one schedule: see prescribeTraining. */
export interface TrainingPrescription {
  /** Her weeks from the first to this one, and the week after it. */
  schedule: MemberSchedule;
  /** Her prescription for this week (as prescribeWeek). */
  week: WeekPrescription;
  /** The next session she has to do (as prescribeNext). */
  next?: PrescribedSession;
}

/**
 * Her schedule, her week and her next session at once. Laying out her weeks is the costly part, so a page that shows
 * all three builds the schedule once here instead of once for each.
 */
export function prescribeTraining(context: MemberContext): TrainingPrescription {
  // One week ahead is what the next session needs; this week's prescription ignores the weeks ahead.
  const schedule = buildSchedule(context, { upcomingWeeks: 1 });
  const prescribing = createPrescribingContext(context, schedule.runningScale, schedule.today);
  const next = findNextSession(schedule, prescribing);
  return {
    schedule,
    week: prescribeWeekFrom(context, schedule, prescribing),
    ...(next === undefined ? {} : { next }),
  };
}

/** This member's prescription for every session of the plan week she is in today. */
export function prescribeWeek(context: MemberContext): WeekPrescription {
  const schedule = buildSchedule(context, { upcomingWeeks: 0 });
  return prescribeWeekFrom(context, schedule, createPrescribingContext(context, schedule.runningScale, schedule.today));
}

function prescribeWeekFrom(
  context: MemberContext,
  schedule: MemberSchedule,
  prescribing: PrescribingContext,
): WeekPrescription {
  const { current } = schedule;
  const resumesOn = schedule.resumesOn === undefined ? {} : { resumesOn: schedule.resumesOn };
  if (current === undefined) {
    const volume = { budget: { ...EMPTY_VOLUME }, logged: { ...EMPTY_VOLUME }, projected: { ...EMPTY_VOLUME } };
    return {
      status: schedule.status,
      today: schedule.today,
      ...resumesOn,
      gate: { gated: false },
      sessions: [],
      unscheduled: [],
      volume,
      guidance: [],
    };
  }

  const sessions = prescribeScheduledWeek(current, prescribing);
  const weekLogs = (week: ScheduledWeek) => context.logs.filter((log) => log.date >= week.from && log.date <= week.to);
  const logged = summarizeLoggedVolume(weekLogs(current));
  const remaining = sessions.filter((session) => session.status === "planned" || session.status === "moved");
  const volume = {
    budget: sumVolumes(sessions.map(measurePrescription)),
    logged,
    projected: addVolumes(logged, sumVolumes(remaining.map(measurePrescription))),
  };
  // Guidance looks at the week as it will be if she does the rest, not a half-logged week that always looks light.
  const previousWeeks = schedule.weeks
    .filter((week) => week.timing === "past")
    .map((week) => ({
      volume: summarizeLoggedVolume(weekLogs(week)),
      deload: week.deload,
      stepBack: week.stepBack === true,
    }));
  const guidance = assessRamp(
    previousWeeks,
    {
      volume: volume.projected,
      deload: current.deload,
      stepBack: current.stepBack === true,
      raceWeek: current.raceWeek === true,
    },
    {
      runningIncreaseLimitPercent: context.plan.rampLimitPercent,
      runningIncreaseFloorMinutes: context.plan.rampFloorMinutes,
    },
  );

  return {
    status: schedule.status,
    today: schedule.today,
    ...resumesOn,
    week: {
      index: current.index,
      from: current.from,
      to: current.to,
      ...(current.planWeekNumber === undefined ? {} : { planWeekNumber: current.planWeekNumber }),
      phaseId: current.phaseId,
      deload: current.deload,
      reason: current.reason,
    },
    gate: current.gate,
    sessions,
    unscheduled: current.unscheduled,
    volume,
    guidance,
  };
}

/**
 * The next session she has to do, on or after today: the next one of this week, or else the first of the next
 * week. Undefined when the plan is complete or she is waiting for a gate's lessons.
 */
export function prescribeNext(context: MemberContext): PrescribedSession | undefined {
  const schedule = buildSchedule(context, { upcomingWeeks: 1 });
  return findNextSession(schedule, createPrescribingContext(context, schedule.runningScale, schedule.today));
}

/** The next session in `schedule`, which must reach at least one week past this one. */
function findNextSession(schedule: MemberSchedule, prescribing: PrescribingContext): PrescribedSession | undefined {
  for (const week of schedule.weeks) {
    if (week.timing === "past") continue;
    const next = week.sessions.find(
      (session) => (session.status === "planned" || session.status === "moved") && session.date >= schedule.today,
    );
    if (next !== undefined) return prescribeScheduledSession(next, week, prescribing);
  }
  return undefined;
}

/**
 * A plan session as it will be prescribed for her, from everything she has logged up to today: runs scaled to her,
 * loads from her last sessions. For a session outside her week (a lesson's preview), which her week does not
 * prescribe. Given only the plan, before she has one of her own, the session as written. Undefined for an id the
 * plan does not have.
 */
export function previewSession(
  source: MemberContext | { plan: Plan },
  sessionId: string,
): SessionPrescription | undefined {
  const { plan } = source;
  const entry = findPlanSession(plan, sessionId);
  if (entry === undefined) return undefined;
  const { session, week } = entry;
  const member = "profile" in source ? source : undefined;
  if (session.type === "run") {
    const taperFraction = findTaperFraction(plan, week.number);
    const run = prescribeRun(session, {
      scale: member === undefined ? 1 : computeRunningScale(plan, member.profile),
      deload: week.deload,
      deloadRunningFraction: plan.deload.runningFraction,
      stepBack: week.stepBack,
      ...(taperFraction === undefined ? {} : { taperFraction }),
    });
    return { type: "run", ...run };
  }
  let history: readonly SessionLog[] = [];
  if (member !== undefined) {
    const today = toIsoDate(member.today);
    history = member.logs.filter((log) => log.date <= today);
  }
  return prescribeStrengthSession(session, week.deload, history, { plan, sessionIndex: indexPlanSessions(plan) });
}

/**
 * After she logs a strength session: each of its exercises as the plan will prescribe it next time (in a full week
 * of the same rep range), from everything she has logged, so she sees at once what her log changed. Empty for a log
 * of no strength session of her plan.
 */
export function prescribeNextTime(context: MemberContext, log: StrengthLog): ExercisePrescription[] {
  const { plan } = context;
  const entry = log.sessionId === undefined ? undefined : findPlanSession(plan, log.sessionId);
  if (entry === undefined || entry.session.type !== "strength") return [];
  const sessionIndex = indexPlanSessions(plan);
  return entry.session.exercises.map((exercise) =>
    prescribeExercise(exercise, collectExerciseHistory(exercise.id, context.logs, sessionIndex), {
      ...progressionOptions(plan),
      deload: false,
    }),
  );
}

function createPrescribingContext(context: MemberContext, runningScale: number, today: IsoDate): PrescribingContext {
  const logs = [...context.logs].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return { plan: context.plan, logs, sessionIndex: indexPlanSessions(context.plan), runningScale, today };
}

function prescribeScheduledWeek(week: ScheduledWeek, context: PrescribingContext): PrescribedSession[] {
  return week.sessions.map((session) => prescribeScheduledSession(session, week, context));
}

function prescribeScheduledSession(
  scheduled: ScheduledSession,
  week: ScheduledWeek,
  context: PrescribingContext,
): PrescribedSession {
  const planWeekNumber = week.planWeekNumber ?? 0;
  const { session } = scheduled;
  if (session.type === "run") {
    const run = prescribeRun(session, {
      scale: context.runningScale,
      deload: week.deload,
      deloadRunningFraction: context.plan.deload.runningFraction,
      stepBack: week.stepBack === true,
      ...(week.taperFraction === undefined ? {} : { taperFraction: week.taperFraction }),
    });
    return { ...scheduled, planWeekNumber, prescription: { type: "run", ...run } };
  }
  // A done session shows what she was asked to do then; anything else is prescribed from everything logged so far.
  const history = context.logs.filter((log) =>
    scheduled.status === "done" ? log.date < scheduled.date : log.date <= context.today && log !== scheduled.log,
  );
  return {
    ...scheduled,
    planWeekNumber,
    prescription: prescribeStrengthSession(session, week.deload, history, context),
  };
}

function prescribeStrengthSession(
  session: StrengthSession,
  deload: boolean,
  history: readonly SessionLog[],
  context: Pick<PrescribingContext, "plan" | "sessionIndex">,
): StrengthPrescription {
  const exercises = session.exercises.map((exercise) =>
    prescribeExercise(exercise, collectExerciseHistory(exercise.id, history, context.sessionIndex), {
      ...progressionOptions(context.plan),
      deload,
    }),
  );
  return {
    type: "strength",
    sessionId: session.id,
    title: session.title,
    ...(deload
      ? deloadStrengthBudget(session, exercises, context.plan)
      : { durationMinutes: session.durationMinutes, rpe: session.rpe }),
    ...(session.notes === undefined ? {} : { notes: session.notes }),
    deload,
    exercises,
  };
}

function progressionOptions(plan: Plan) {
  return {
    deloadSetsFraction: plan.deload.setsFraction,
    deloadRirIncrease: plan.deload.rirIncrease,
    loadIncreaseCapPercent: plan.loadIncreaseCapPercent,
  };
}

/**
 * A deload strength session's budget: the minutes shrink with the sets kept and the session RPE drops by the
 * plan's RIR increase (RPE ≈ 10 − RIR), so its sRPE load is well under a full week's.
 * Worked: 40 min at RPE 6 with 8 sets → 4 sets kept, 20 min at RPE 4: 80 instead of 240.
 */
export function deloadStrengthBudget(
  session: { durationMinutes: number; rpe: number; exercises: readonly { sets: number }[] },
  kept: readonly { sets: number }[],
  plan: Pick<Plan, "deload">,
): { durationMinutes: number; rpe: number } {
  const written = session.exercises.reduce((total, exercise) => total + exercise.sets, 0);
  const keptSets = kept.reduce((total, exercise) => total + exercise.sets, 0);
  return {
    durationMinutes: Math.max(1, Math.round((session.durationMinutes * keptSets) / Math.max(1, written))),
    rpe: Math.max(1, session.rpe - plan.deload.rirIncrease),
  };
}

/**
 * Her performances of one exercise, oldest first, each with the range and RIR the plan gave that day. Only plan
 * sessions count: a log without a known session id has no rep range to judge it against.
 */
export function collectExerciseHistory(
  exerciseId: string,
  logs: readonly SessionLog[],
  sessionIndex: ReadonlyMap<string, PlanSessionEntry>,
): ExercisePerformance[] {
  return logs
    .filter((log): log is StrengthLog => log.type === "strength")
    .flatMap((log) => {
      const entry = log.sessionId === undefined ? undefined : sessionIndex.get(log.sessionId);
      if (entry === undefined || entry.session.type !== "strength") return [];
      const planned = entry.session.exercises.find((exercise) => exercise.id === exerciseId);
      const logged = log.exercises.find((exercise) => exercise.exerciseId === exerciseId);
      if (planned === undefined || logged === undefined) return [];
      return [
        {
          date: log.date,
          reps: planned.reps,
          // Deload sessions never move the load, so their own (raised) target RIR is never judged.
          targetRir: planned.targetRir,
          deload: entry.week.deload,
          prescribedSets: planned.sets,
          ...(logged.variation === undefined ? {} : { variation: logged.variation }),
          sets: logged.sets,
        },
      ];
    })
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

function measurePrescription(session: PrescribedSession): WeeklyVolume {
  const { prescription } = session;
  return prescription.type === "run" ? measurePrescribedRun(prescription) : measurePrescribedStrength(prescription);
}
