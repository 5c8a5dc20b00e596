import type { User } from "@academy/auth";
import type { Membership } from "../billing/membership.ts";
import type { Services } from "../services.ts";
import { deriveMembershipFromRecords, loadMemberRecords, type MemberRecords } from "./member-context.ts";

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

/** A reader who may see lesson bodies and her training: a member, or the coach. */
export type ReaderAccess = Extract<MemberAccess, { kind: "member" | "coach" }>;

/** `user` is whoever is signed in (undefined when no one is); `isAdmin` says she is the coach. */
export async function loadMemberAccess(
  services: Pick<Services, "database" | "clock">,
  user: User | undefined,
  isAdmin: boolean,
): Promise<MemberAccess> {
  if (!user) return { kind: "signed-out" };
  const { database, clock } = services;
  const now = clock.now();
  const records = await loadMemberRecords(database.db, user.id, now);
  const membership = deriveMembershipFromRecords(records, now);
  if (membership.member) return { kind: "member", user, records, membership };
  if (isAdmin) return { kind: "coach", user, records };
  return { kind: "non-member", user, records, membership };
}

/** True when the reader may see lesson bodies. */
export function canReadLessons(access: MemberAccess): access is ReaderAccess {
  return access.kind === "member" || access.kind === "coach";
}
