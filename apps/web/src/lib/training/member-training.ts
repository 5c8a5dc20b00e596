/**
 * Everything a member page shows about her training: her profile and plan, her prescription for this week, her
 * schedule so far and her completed lessons, from the records her access was read with. The engine
 * (`@academy/programming`) does the thinking; this only gathers its inputs, and remembers its answer while they
 * stay the same.
 */

import type { MemberProfileRow } from "@academy/db/queries/training";
import { buildMemberContext, type MemberRecords } from "@academy/platform/training";
import {
  buildSchedule,
  type IsoDate,
  type MemberContext,
  type MemberSchedule,
  type Plan,
  prescribeWeek,
  type SessionLog,
  toIsoDate,
  type WeekPrescription,
} from "@academy/programming";
import type { MemberAccess } from "./member-access.ts";

export interface TrainingView {
  today: IsoDate;
  /** Drip counts from here: her plan's start date, or the day she joined before she has a plan. */
  startDate: IsoDate;
  completedLessons: ReadonlySet<string>;
  /** Her saved plan settings; undefined until she sets up her plan. */
  profile?: MemberProfileRow;
  /** Her plan, or the plan she would set up here (the course's). */
  planSlug?: string;
  plan?: Plan;
  /** Set once she has a plan. */
  training?: {
    context: MemberContext;
    week: WeekPrescription;
    /** Her weeks from the first to this one (no projection). */
    schedule: MemberSchedule;
    logs: readonly SessionLog[];
  };
}

export function loadTrainingView(
  services: App.Locals["platform"]["services"],
  access: Extract<MemberAccess, { kind: "member" | "coach" }>,
  options: { planSlug?: string } = {},
): TrainingView {
  const { clock, plans } = services;
  const { user, records } = access;
  const { profile } = records;
  const now = clock.now();
  const today = toIsoDate(now);
  const context = buildMemberContext(records, plans, now);
  const planSlug = profile?.planSlug ?? options.planSlug ?? plans.keys().next().value;
  const plan = planSlug === undefined ? undefined : plans.get(planSlug);
  const view: TrainingView = {
    today,
    startDate: profile?.startDate ?? toIsoDate(user.createdAt),
    completedLessons: new Set(records.completedLessons),
    ...(profile === undefined ? {} : { profile }),
    ...(planSlug === undefined ? {} : { planSlug }),
    ...(plan === undefined ? {} : { plan }),
  };
  if (context === undefined) return view;
  const { week, schedule } = computeWeek(user.id, records, context);
  return { ...view, training: { context, week, schedule, logs: context.logs } };
}

interface ComputedWeek {
  plan: Plan;
  inputs: string;
  week: WeekPrescription;
  schedule: MemberSchedule;
}

/** The last computed week of each member seen lately (a member's page reads it several times a minute). */
const computedWeeks = new Map<string, ComputedWeek>();
const COMPUTED_WEEKS_KEPT = 2000;

/**
 * Her week and schedule are a pure function of the context, so they are kept per member and computed again only
 * when an input changes: her plan settings, a new log, a lesson (un)completed, a pause, or a new day. Logs are
 * only ever added (a submission is stored once and never edited), so their ids stand for their content.
 */
function computeWeek(
  userId: string,
  records: MemberRecords,
  context: MemberContext,
): Pick<ComputedWeek, "week" | "schedule"> {
  const { profile } = context;
  const inputs = JSON.stringify([
    profile.startDate,
    profile.availableDays,
    profile.currentWeeklyRunningMinutes,
    profile.experience,
    context.today,
    context.pauses,
    context.completedLessons,
    records.logs.map((log) => log.id),
  ]);
  const kept = computedWeeks.get(userId);
  if (kept !== undefined && kept.plan === context.plan && kept.inputs === inputs) return kept;
  const computed = {
    plan: context.plan,
    inputs,
    week: prescribeWeek(context),
    schedule: buildSchedule(context, { upcomingWeeks: 0 }),
  };
  computedWeeks.delete(userId);
  computedWeeks.set(userId, computed);
  if (computedWeeks.size > COMPUTED_WEEKS_KEPT) computedWeeks.delete(computedWeeks.keys().next().value as string);
  return computed;
}
