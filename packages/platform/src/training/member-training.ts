/**
 * Everything a member page shows about her training: her profile and plan, her prescription for this week, her
 * schedule so far and her next session, and her completed lessons, from the records her access was read with. The
 * engine (`@academy/programming`) does the thinking; this only gathers its inputs, and remembers its answer while
 * they stay the same.
 */
import type { MemberProfileRow } from "@academy/db/queries/training";
import {
  type IsoDate,
  type MemberContext,
  type Plan,
  prescribeTraining,
  type SessionLog,
  type TrainingPrescription,
  toIsoDate,
} from "@academy/programming";
import type { Services } from "../services.ts";
import type { ReaderAccess } from "./member-access.ts";
import { buildMemberContext, type MemberRecords } from "./member-context.ts";

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
  /** Set once she has a plan: her week, her schedule (up to the week after this one) and her next session. */
  training?: TrainingPrescription & {
    context: MemberContext;
    logs: readonly SessionLog[];
  };
}

/**
 * Her training view for one page render. Her schedule is laid out once here (see prescribeTraining): the page and
 * its components read the week, the weeks so far and the next session from this view instead of asking the engine
 * again.
 */
export function loadTrainingView(
  services: Pick<Services, "clock" | "plans">,
  access: ReaderAccess,
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
  return { ...view, training: { ...prescribeKept(user.id, records, context), context, logs: context.logs } };
}

interface KeptPrescription {
  plan: Plan;
  inputs: string;
  training: TrainingPrescription;
}

/** The last prescription of each member seen lately (a member's page reads it several times a minute). */
const keptPrescriptions = new Map<string, KeptPrescription>();
const PRESCRIPTIONS_KEPT = 2000;

/**
 * Her prescription is a pure function of the context, so it is kept per member and computed again only when an
 * input changes: her plan settings, a new log, a lesson (un)completed, a pause, or a new day. Logs are only ever
 * added (a submission is stored once and never edited), so their ids stand for their content. Bounded, and a stale
 * entry is never read (its inputs differ), so a per-process cache is safe here.
 */
function prescribeKept(userId: string, records: MemberRecords, context: MemberContext): TrainingPrescription {
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
  const kept = keptPrescriptions.get(userId);
  if (kept !== undefined && kept.plan === context.plan && kept.inputs === inputs) return kept.training;
  const training = prescribeTraining(context);
  keptPrescriptions.delete(userId);
  keptPrescriptions.set(userId, { plan: context.plan, inputs, training });
  if (keptPrescriptions.size > PRESCRIPTIONS_KEPT) {
    const oldest = keptPrescriptions.keys().next();
    if (!oldest.done) keptPrescriptions.delete(oldest.value);
  }
  return training;
}
