import type { Database } from "@academy/db/client";
import { findCurrentSubscription, type SubscriptionRow } from "@academy/db/queries/billing";
import { findActiveGrant, type MembershipGrantRow } from "@academy/db/queries/members";
import { getMemberTraining, type MemberTraining } from "@academy/db/queries/training";
import {
  type IsoDate,
  type MemberContext,
  type MemberProfile,
  type Pause,
  type Plan,
  type SessionLog,
  toIsoDate,
} from "@academy/programming";
import type { Membership } from "../billing/membership.ts";
import { membershipFrom } from "../billing/membership-store.ts";

/**
 * What the database holds about one member's training and membership: everything a member page reads. Her
 * plan settings, logs and completed lessons (see getMemberTraining), and the subscription that decides her
 * membership (see findCurrentSubscription).
 */
export interface MemberRecords extends MemberTraining {
  subscription: SubscriptionRow | undefined;
  /** Her free membership that counts at the time read, if the coach gave her one. */
  grant: MembershipGrantRow | undefined;
}

/** Reads her records with three queries side by side. */
export async function loadMemberRecords(db: Database, userId: string, now: Date): Promise<MemberRecords> {
  const [subscription, grant, training] = await Promise.all([
    findCurrentSubscription(db, userId),
    findActiveGrant(db, { userId, now }),
    getMemberTraining(db, userId),
  ]);
  return { subscription, grant, ...training };
}

/** Her membership at `now`, from the records' subscription and free membership (as loadMembership derives it). */
export function deriveMembershipFromRecords(records: MemberRecords, now: Date): Membership {
  return membershipFrom(records.subscription, now, records.grant);
}

/**
 * Everything the programming engine needs about one member, from her records: the pure engine then
 * computes her week. Undefined when she has not set up her plan yet (or her plan no longer exists).
 */
export function buildMemberContext(
  records: MemberRecords,
  plans: ReadonlyMap<string, Plan>,
  now: Date,
): MemberContext | undefined {
  const { profile, subscription } = records;
  const plan = profile ? plans.get(profile.planSlug) : undefined;
  if (!profile || !plan) return undefined;
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
      ...(profile.raceDate ? { raceDate: profile.raceDate as IsoDate } : {}),
      ...(profile.recentRace ? { recentRace: profile.recentRace } : {}),
      ...(profile.maxHeartRate ? { maxHeartRate: profile.maxHeartRate } : {}),
    },
    logs: records.logs.map((log): SessionLog => log.entry),
    completedLessons: records.completedLessons,
    pauses,
    today,
  };
}

/**
 * Everything the programming engine needs about one member, read from the database. Undefined when she has
 * not set up her plan yet.
 */
export async function loadMemberContext(
  db: Database,
  plans: ReadonlyMap<string, Plan>,
  userId: string,
  now: Date,
): Promise<MemberContext | undefined> {
  return buildMemberContext(await loadMemberRecords(db, userId, now), plans, now);
}
