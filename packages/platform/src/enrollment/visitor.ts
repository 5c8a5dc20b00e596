import type { User } from "@academy/auth";
import type { Database } from "@academy/db/client";
import { getWaitlistEntry, isOnWaitlist, type WaitlistEntry } from "@academy/db/queries/waitlist";
import { readEnrollInviteToken } from "../waitlist/links.ts";

export interface EnrollVisitor {
  /** The waitlist entry behind her personal link, when the link is genuine and she is still subscribed. */
  invited: WaitlistEntry | undefined;
  /** On the waitlist by her link or by the address she signed in with: priority access is hers. */
  onWaitlist: boolean;
}

/** Who is at the door: the one rule the enroll page and the enroll API both apply. */
export async function identifyEnrollVisitor(
  db: Database,
  appSecret: string,
  invite: string | undefined,
  user: User | undefined,
): Promise<EnrollVisitor> {
  const entryId = invite ? readEnrollInviteToken(appSecret, invite) : undefined;
  const entry = entryId ? await getWaitlistEntry(db, entryId) : undefined;
  const invited = entry && !entry.unsubscribedAt ? entry : undefined;
  const onWaitlist = invited !== undefined || (user !== undefined && (await isOnWaitlist(db, user.email)));
  return { invited, onWaitlist };
}
