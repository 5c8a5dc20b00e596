import type { User } from "@academy/auth";
import type { Membership } from "@academy/platform/billing";
import { deriveMembershipFromRecords, loadMemberRecords, type MemberRecords } from "@academy/platform/training";

/**
 * Who is reading a member page: a member; the coach (who may preview every lesson without a membership);
 * someone signed in without an active membership; or a signed-out visitor. Whoever is signed in comes with her
 * records (subscription, plan settings, logs, lessons), read in one round, which her training view is built from.
 */
export type MemberAccess =
  | { kind: "member"; user: User; records: MemberRecords; membership: Membership & { member: true } }
  | { kind: "coach"; user: User; records: MemberRecords }
  | { kind: "non-member"; user: User; records: MemberRecords; membership: Membership & { member: false } }
  | { kind: "signed-out" };

export async function loadMemberAccess(locals: App.Locals): Promise<MemberAccess> {
  const { user, platform, isAdmin } = locals;
  if (!user) return { kind: "signed-out" };
  const { database, clock } = platform.services;
  const records = await loadMemberRecords(database.db, user.id);
  const membership = deriveMembershipFromRecords(records, clock.now());
  if (membership.member) return { kind: "member", user, records, membership };
  if (isAdmin) return { kind: "coach", user, records };
  return { kind: "non-member", user, records, membership };
}

/** True when the reader may see lesson bodies. */
export function canReadLessons(access: MemberAccess): access is Extract<MemberAccess, { kind: "member" | "coach" }> {
  return access.kind === "member" || access.kind === "coach";
}
