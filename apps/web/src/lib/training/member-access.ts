import { loadMembership, type Membership } from "@academy/api/billing";
import type { User } from "@academy/auth";

/**
 * Who is reading a member page: a member; the coach (who may preview every lesson without a membership);
 * someone signed in without an active membership; or a signed-out visitor.
 */
export type MemberAccess =
  | { kind: "member"; user: User; membership: Membership & { member: true } }
  | { kind: "coach"; user: User }
  | { kind: "non-member"; user: User; membership: Membership & { member: false } }
  | { kind: "signed-out" };

export async function loadMemberAccess(locals: App.Locals): Promise<MemberAccess> {
  const { user, platform, isAdmin } = locals;
  if (!user) return { kind: "signed-out" };
  const { database, clock } = platform.services;
  const membership = await loadMembership(database.db, user.id, clock.now());
  if (membership.member) return { kind: "member", user, membership };
  if (isAdmin) return { kind: "coach", user };
  return { kind: "non-member", user, membership };
}

/** True when the reader may see lesson bodies. */
export function canReadLessons(access: MemberAccess): access is Extract<MemberAccess, { kind: "member" | "coach" }> {
  return access.kind === "member" || access.kind === "coach";
}
