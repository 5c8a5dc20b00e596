/**
 * Everything a member page shows about her training, read once per request: her profile and plan, her
 * prescription for this week, her schedule so far and her completed lessons. The engine
 * (`@academy/programming`) does the thinking; this only gathers its inputs.
 */
import { loadMemberContext } from "@academy/api/training";
import type { User } from "@academy/auth";
import { getMemberProfile, listCompletedLessons, type MemberProfileRow } from "@academy/db/queries/training";
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

export async function loadTrainingView(
  services: App.Locals["platform"]["services"],
  user: User,
  options: { planSlug?: string } = {},
): Promise<TrainingView> {
  const { database, clock, plans } = services;
  const now = clock.now();
  const today = toIsoDate(now);
  const [profile, completed, context] = await Promise.all([
    getMemberProfile(database.db, user.id),
    listCompletedLessons(database.db, user.id),
    loadMemberContext(database.db, plans, user.id, now),
  ]);
  const planSlug = profile?.planSlug ?? options.planSlug ?? plans.keys().next().value;
  const plan = planSlug === undefined ? undefined : plans.get(planSlug);
  const view: TrainingView = {
    today,
    startDate: profile?.startDate ?? toIsoDate(user.createdAt),
    completedLessons: new Set(completed),
    ...(profile === undefined ? {} : { profile }),
    ...(planSlug === undefined ? {} : { planSlug }),
    ...(plan === undefined ? {} : { plan }),
  };
  if (context === undefined) return view;
  return {
    ...view,
    training: {
      context,
      week: prescribeWeek(context),
      schedule: buildSchedule(context, { upcomingWeeks: 0 }),
      logs: context.logs,
    },
  };
}
