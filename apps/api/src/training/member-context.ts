import type { Database } from "@academy/db/client";
import { findCurrentSubscription } from "@academy/db/queries/billing";
import { getMemberProfile, listCompletedLessons, listSessionLogs } from "@academy/db/queries/training";
import {
  type IsoDate,
  type MemberContext,
  type MemberProfile,
  type Pause,
  type Plan,
  type SessionLog,
  toIsoDate,
} from "@academy/programming";

/**
 * Everything the programming engine needs about one member, read from the database: the pure engine
 * then computes her week. Undefined when she has not set up her plan yet.
 */
export async function loadMemberContext(
  db: Database,
  plans: ReadonlyMap<string, Plan>,
  userId: string,
  now: Date,
): Promise<MemberContext | undefined> {
  const profile = await getMemberProfile(db, userId);
  const plan = profile ? plans.get(profile.planSlug) : undefined;
  if (!profile || !plan) return undefined;
  const [logs, completedLessons, subscription] = await Promise.all([
    listSessionLogs(db, userId),
    listCompletedLessons(db, userId),
    findCurrentSubscription(db, userId),
  ]);
  const today = toIsoDate(now);
  // A paused membership pauses the plan: the pause runs from the day collection paused until today.
  const pauses: Pause[] = subscription?.pausedAt ? [{ from: toIsoDate(subscription.pausedAt), to: today }] : [];
  return {
    plan,
    profile: {
      startDate: profile.startDate as IsoDate,
      availableDays: profile.availableDays as MemberProfile["availableDays"],
      currentWeeklyRunningMinutes: profile.currentWeeklyRunningMinutes,
      experience: profile.experience as MemberProfile["experience"],
    },
    logs: logs.map((log) => log.entry as unknown as SessionLog),
    completedLessons,
    pauses,
    today,
  };
}
