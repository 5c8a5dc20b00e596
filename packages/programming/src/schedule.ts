/**
 * The member's schedule: which plan week she is in, and which day each session falls on — past, this week, and the
 * weeks ahead. It is a pure function of the plan, her profile, her logs, her completed lessons, her pauses and today.
 *
 * How her plan week is decided, one plan week (seven active days, see plan-calendar.ts) at a time:
 * - A past week she logged plan sessions in is the plan week those sessions belong to: what she did is what
 *   happened, even if the rules below would now say otherwise. Her progress is the furthest week she has done.
 * - A past week with sessions but no logs is a missed week. After a missed week (or several) she repeats the last
 *   week she did before moving on to the week after it.
 * - A phase starts only when its prerequisite lessons are completed. Until then she repeats the previous phase's
 *   last full week (a gate on the very first phase means a week of waiting with no sessions).
 * - This week, once she has logged a session of it, stays that plan week.
 */
import { addDays, getWeekday, type IsoDate, toIsoDate } from "./dates.ts";
import type { MemberProfile, Pause, SessionLog } from "./member.ts";
import { applyMissedSessionRules, type ScheduledSession } from "./missed-sessions.ts";
import {
  indexPlanSessions,
  listMissingLessons,
  listPlanWeeks,
  type PlanSessionEntry,
  type PlanWeekEntry,
  selectGateHoldWeek,
} from "./plan.ts";
import { findPauseEnd, findWeekIndex, getWeekWindow, normalizePauses, type WeekWindow } from "./plan-calendar.ts";
import type { Plan } from "./plan-schema.ts";
import { findTaperFraction, isRaceWeek, resolveStartDate } from "./race.ts";
import { computeRunningScale } from "./running.ts";
import { layoutWeek, type UnscheduledSession } from "./week-layout.ts";

export interface MemberContext {
  plan: Plan;
  profile: MemberProfile;
  logs: readonly SessionLog[];
  completedLessons: Iterable<string>;
  pauses: readonly Pause[];
  /** The clock: an ISO date, or a Date read on the UTC calendar. */
  today: IsoDate | Date;
}

export type WeekReason = "plan" | "repeat-after-missed-week" | "gate-hold" | "waiting-for-lessons" | "as-logged";

export type GateStatus =
  | { gated: false }
  | { gated: true; phaseId: string; phaseTitle: string; waitingFor: string[]; message: string };

export interface ScheduledWeek {
  index: number;
  from: IsoDate;
  to: IsoDate;
  timing: "past" | "current" | "upcoming";
  /** The plan week whose sessions she does; undefined while waiting for the first phase's lessons. */
  planWeekNumber?: number;
  phaseId: string;
  deload: boolean;
  /** A planned lighter running week (see Week.stepBack). */
  stepBack?: boolean;
  /** The week of her race (the plan's last week, in a plan with a race). */
  raceWeek?: boolean;
  /** Share of the written running kept by the plan's taper this week. */
  taperFraction?: number;
  reason: WeekReason;
  gate: GateStatus;
  /** Her available, unpaused days in this week. */
  trainingDays: IsoDate[];
  sessions: ScheduledSession[];
  unscheduled: UnscheduledSession[];
}

export type MembershipStatus = "not-started" | "active" | "paused" | "complete";

export type ProjectionEnd =
  | { reason: "plan-complete" }
  | { reason: "gate"; gate: GateStatus & { gated: true } }
  | { reason: "limit" };

export interface MemberSchedule {
  planId: string;
  status: MembershipStatus;
  today: IsoDate;
  /** The first day back, when today is paused. */
  resumesOn?: IsoDate;
  /** Share of the plan's running she gets (see computeRunningScale). */
  runningScale: number;
  /** Past weeks, this week, then the weeks ahead if she follows the plan. */
  weeks: ScheduledWeek[];
  /** This week; undefined once the plan is complete. */
  current?: ScheduledWeek;
  /** Why the weeks ahead stop where they do. */
  projectionEnd: ProjectionEnd;
}

export interface BuildScheduleOptions {
  /** How many weeks after this one to lay out; by default up to the end of the plan or the next gate. */
  upcomingWeeks?: number;
}

interface Progress {
  /** The next plan week she has not done yet. */
  nextWeek: number;
  /** The furthest plan week she has done. */
  lastDone?: number;
  missedLastWeek: boolean;
}

type Assignment =
  | { kind: "week"; entry: PlanWeekEntry; reason: WeekReason; gate: GateStatus }
  | { kind: "waiting"; entry: PlanWeekEntry; gate: GateStatus & { gated: true } }
  | { kind: "complete" };

export function buildSchedule(context: MemberContext, options: BuildScheduleOptions = {}): MemberSchedule {
  const { plan } = context;
  // A race plan starts where her race date puts it; from here on the schedule only knows that start.
  const profile = { ...context.profile, startDate: resolveStartDate(plan, context.profile) };
  const today = toIsoDate(context.today);
  const pauses = normalizePauses(context.pauses);
  const completedLessons = new Set(context.completedLessons);
  const planWeeks = listPlanWeeks(plan);
  const sessionIndex = indexPlanSessions(plan);
  const availableDays = new Set(profile.availableDays);
  const currentIndex = findWeekIndex(profile.startDate, today, pauses);
  const raceDate = plan.race === undefined ? undefined : profile.raceDate;
  const resolve = (progress: Progress) => resolveAssignment(progress, planWeeks, completedLessons);

  const weeks: ScheduledWeek[] = [];
  let progress: Progress = { nextWeek: 1, missedLastWeek: false };
  let current: ScheduledWeek | undefined;

  for (let index = 0; index <= currentIndex; index += 1) {
    const window = getWeekWindow(profile.startDate, index, pauses);
    const windowLogs = context.logs.filter((log) => log.date >= window.from && log.date <= window.to);
    const doneWeek = findLoggedPlanWeek(windowLogs, sessionIndex);
    const expected = resolve(progress);
    const assignment =
      doneWeek === undefined ? expected : assignLoggedWeek(planWeeks[doneWeek - 1], expected, doneWeek);
    if (assignment.kind === "complete") break;

    const timing = index < currentIndex ? "past" : "current";
    const week = buildWeek(window, assignment, { plan, availableDays, windowLogs, today, timing, raceDate });
    weeks.push(week);
    if (timing === "current") current = week;
    else progress = advanceProgress(progress, doneWeek, week.sessions.length > 0);
  }

  const status = selectStatus({ today, startDate: profile.startDate, pauses, complete: current === undefined });
  const resumeAfter = findPauseEnd(today, pauses);
  const base = {
    planId: plan.id,
    status,
    today,
    runningScale: computeRunningScale(plan, profile),
    ...(resumeAfter === undefined ? {} : { resumesOn: addDays(resumeAfter, 1) }),
  };
  if (current === undefined) return { ...base, weeks, projectionEnd: { reason: "plan-complete" } };

  // Ahead of today, assume she does each week as planned.
  const limit = options.upcomingWeeks ?? Number.POSITIVE_INFINITY;
  let projected = advanceProgress(progress, current.planWeekNumber, current.sessions.length > 0);
  let projectionEnd: ProjectionEnd = { reason: "limit" };
  for (let offset = 1; ; offset += 1) {
    const assignment = resolve(projected);
    if (assignment.kind === "complete") {
      projectionEnd = { reason: "plan-complete" };
      break;
    }
    if (offset > limit) break;
    const window = getWeekWindow(profile.startDate, currentIndex + offset, pauses);
    const week = buildWeek(window, assignment, {
      plan,
      availableDays,
      windowLogs: [],
      today,
      timing: "upcoming",
      raceDate,
    });
    weeks.push(week);
    // Beyond a gate the future depends on lessons she hasn't done yet, so stop after the first held week.
    if (week.gate.gated) {
      projectionEnd = { reason: "gate", gate: week.gate };
      break;
    }
    projected = advanceProgress(projected, week.planWeekNumber, true);
  }

  return { ...base, weeks, current, projectionEnd };
}

function resolveAssignment(
  progress: Progress,
  planWeeks: readonly PlanWeekEntry[],
  completedLessons: ReadonlySet<string>,
): Assignment {
  if (progress.missedLastWeek && progress.lastDone !== undefined) {
    const entry = planWeeks[progress.lastDone - 1];
    if (entry !== undefined) return { kind: "week", entry, reason: "repeat-after-missed-week", gate: { gated: false } };
  }
  const entry = planWeeks[progress.nextWeek - 1];
  if (entry === undefined) return { kind: "complete" };
  const waitingFor = entry.startsPhase ? listMissingLessons(entry.phase, completedLessons) : [];
  if (waitingFor.length === 0) return { kind: "week", entry, reason: "plan", gate: { gated: false } };

  const previousPhase =
    entry.phaseIndex > 0
      ? planWeeks.find((candidate) => candidate.phaseIndex === entry.phaseIndex - 1)?.phase
      : undefined;
  const holdWeek = previousPhase === undefined ? undefined : selectGateHoldWeek(previousPhase);
  const holdEntry = holdWeek === undefined ? undefined : planWeeks[holdWeek.number - 1];
  const gate = {
    gated: true as const,
    phaseId: entry.phase.id,
    phaseTitle: entry.phase.title,
    waitingFor,
    message:
      `${entry.phase.title} starts once you've completed ${joinWords(waitingFor)}. ` +
      (holdEntry === undefined
        ? "Your first sessions appear as soon as you have."
        : `Until then, repeat week ${holdEntry.week.number} to keep building.`),
  };
  if (holdEntry === undefined) return { kind: "waiting", entry, gate };
  return { kind: "week", entry: holdEntry, reason: "gate-hold", gate };
}

/** A week she logged sessions in is the plan week she did, whatever the rules would have picked. */
function assignLoggedWeek(entry: PlanWeekEntry | undefined, expected: Assignment, doneWeek: number): Assignment {
  if (expected.kind === "week" && expected.entry.week.number === doneWeek) return expected;
  if (entry === undefined) return expected;
  return { kind: "week", entry, reason: "as-logged", gate: { gated: false } };
}

function advanceProgress(progress: Progress, doneWeek: number | undefined, hadSessions: boolean): Progress {
  if (doneWeek === undefined) return hadSessions ? { ...progress, missedLastWeek: true } : progress;
  return {
    nextWeek: Math.max(progress.nextWeek, doneWeek + 1),
    lastDone: Math.max(progress.lastDone ?? 0, doneWeek),
    missedLastWeek: false,
  };
}

/** The plan week most of the window's logged plan sessions belong to (the later week on a tie). */
function findLoggedPlanWeek(
  logs: readonly SessionLog[],
  sessionIndex: ReadonlyMap<string, PlanSessionEntry>,
): number | undefined {
  const counts = new Map<number, number>();
  for (const log of logs) {
    const entry = log.sessionId === undefined ? undefined : sessionIndex.get(log.sessionId);
    if (entry !== undefined) counts.set(entry.week.number, (counts.get(entry.week.number) ?? 0) + 1);
  }
  let best: number | undefined;
  let bestCount = 0;
  for (const [weekNumber, count] of counts) {
    if (count > bestCount || (count === bestCount && weekNumber > (best ?? 0))) {
      best = weekNumber;
      bestCount = count;
    }
  }
  return best;
}

function buildWeek(
  window: WeekWindow,
  assignment: Exclude<Assignment, { kind: "complete" }>,
  context: {
    plan: Plan;
    raceDate: IsoDate | undefined;
    availableDays: ReadonlySet<string>;
    windowLogs: readonly SessionLog[];
    today: IsoDate;
    timing: ScheduledWeek["timing"];
  },
): ScheduledWeek {
  const trainingDays = window.days.filter((day) => context.availableDays.has(getWeekday(day)));
  const common = { index: window.index, from: window.from, to: window.to, timing: context.timing, trainingDays };
  if (assignment.kind === "waiting") {
    return {
      ...common,
      phaseId: assignment.entry.phase.id,
      deload: false,
      reason: "waiting-for-lessons",
      gate: assignment.gate,
      sessions: [],
      unscheduled: [],
    };
  }
  const { week, phase } = assignment.entry;
  const { raceDate } = context;
  const inWindow = raceDate !== undefined && raceDate >= window.from && raceDate <= window.to;
  const layout = layoutWeek(week.sessions, trainingDays, inWindow ? { raceDate } : {});
  const taperFraction = findTaperFraction(context.plan, week.number);
  return {
    ...common,
    planWeekNumber: week.number,
    phaseId: phase.id,
    deload: week.deload,
    ...(week.stepBack ? { stepBack: true } : {}),
    ...(isRaceWeek(context.plan, week.number) ? { raceWeek: true } : {}),
    ...(taperFraction === undefined ? {} : { taperFraction }),
    reason: assignment.reason,
    gate: assignment.gate,
    sessions: applyMissedSessionRules(layout.placed, {
      candidateDates: trainingDays,
      logs: context.windowLogs,
      today: context.today,
    }),
    unscheduled: layout.unscheduled,
  };
}

function selectStatus(facts: {
  today: IsoDate;
  startDate: IsoDate;
  pauses: readonly Pause[];
  complete: boolean;
}): MembershipStatus {
  if (facts.complete) return "complete";
  if (facts.pauses.some((pause) => pause.from <= facts.today && facts.today <= pause.to)) return "paused";
  if (facts.today < facts.startDate) return "not-started";
  return "active";
}

function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}
