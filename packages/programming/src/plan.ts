/** Read-only lookups over a parsed plan: weeks in order, where a session lives, which week a gate holds on. */
import type { Phase, Plan, RunKind, Session, Week } from "./plan-schema.ts";

export interface PlanWeekEntry {
  week: Week;
  phase: Phase;
  phaseIndex: number;
  /** True for the first week of each phase: the week a gate can hold back. */
  startsPhase: boolean;
}

export interface PlanSessionEntry {
  session: Session;
  week: Week;
  phase: Phase;
}

/** Every week of the plan in order; `entries[n - 1]` is week n because parsePlan enforces consecutive numbering. */
export function listPlanWeeks(plan: Plan): PlanWeekEntry[] {
  return plan.phases.flatMap((phase, phaseIndex) =>
    phase.weeks.map((week, weekIndex) => ({ week, phase, phaseIndex, startsPhase: weekIndex === 0 })),
  );
}

/** Where a session lives in the plan: the session, its week and its phase; undefined for an id the plan lacks. */
export function findPlanSession(plan: Plan, sessionId: string): PlanSessionEntry | undefined {
  for (const phase of plan.phases) {
    for (const week of phase.weeks) {
      const session = week.sessions.find((candidate) => candidate.id === sessionId);
      if (session !== undefined) return { session, week, phase };
    }
  }
  return undefined;
}

export function indexPlanSessions(plan: Plan): ReadonlyMap<string, PlanSessionEntry> {
  const index = new Map<string, PlanSessionEntry>();
  for (const phase of plan.phases) {
    for (const week of phase.weeks) {
      for (const session of week.sessions) index.set(session.id, { session, week, phase });
    }
  }
  return index;
}

/**
 * The week a member repeats while a gate holds her at the end of `phase`: its last week, unless that is a deload —
 * a deload is a one-off recovery week, so she repeats the last full week instead of deloading for weeks on end.
 */
export function selectGateHoldWeek(phase: Phase): Week | undefined {
  const fullWeeks = phase.weeks.filter((week) => !week.deload);
  return fullWeeks.at(-1) ?? phase.weeks.at(-1);
}

/** Prerequisite lessons of `phase` the member has not completed yet, in the plan's order. */
export function listMissingLessons(phase: Phase, completedLessons: ReadonlySet<string>): string[] {
  return phase.prerequisiteLessons.filter((lesson) => !completedLessons.has(lesson));
}

const RUN_TITLES: Readonly<Record<RunKind, string>> = {
  easy: "Easy run",
  long: "Long run",
  tempo: "Tempo run",
  intervals: "Intervals",
  race: "Race day",
};

/** The coach's title, or a plain name for the kind of run. */
export function getSessionTitle(session: Session): string {
  if (session.type === "strength") return session.title;
  return session.title ?? RUN_TITLES[session.kind];
}
