import type { User } from "@academy/auth";
import type { Database } from "@academy/db/client";
import { getWaitlistEntry, isListed, isOnWaitlist, type WaitlistEntry } from "@academy/db/queries/waitlist";
import { readEnrollInviteToken } from "../waitlist/links.ts";

export interface EnrollVisitor {
  /**
   * The waitlist entry behind her personal link, when the link is genuine and the entry is on the list
   * (confirmed by its owner, still subscribed).
   */
  invited: WaitlistEntry | undefined;
  /**
   * On the list by her link or by the address she signed in with: priority access is hers. A join nobody has
   * confirmed gives nothing, or anyone could join during priority access and walk in.
   */
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
  const invited = entry && isListed(entry) ? entry : undefined;
  const onWaitlist = invited !== undefined || (user !== undefined && (await isOnWaitlist(db, user.email)));
  return { invited, onWaitlist };
}
