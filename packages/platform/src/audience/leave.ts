/**
 * Leaving, from the one-click page: one list, or everything. Leaving everything unsubscribes her from every
 * list and puts her address on the suppression list, so no list, import or later join can email her again
 * until she confirms a new join herself.
 */
import type { Database } from "@academy/db/client";
import { leaveList } from "@academy/db/queries/audience";
import type { AudienceList } from "@academy/db/schema";
import { normalizeEmail } from "./email.ts";
import { suppressAddress } from "./suppression.ts";

export const AUDIENCE_LISTS = ["newsletter", "waitlist"] as const satisfies readonly AudienceList[];

export type LeaveScope = { kind: "list"; list: AudienceList } | { kind: "everything" };

export interface LeaveResult {
  /** The lists she was on and has now left. */
  left: AudienceList[];
  suppressed: boolean;
}

export async function leave(db: Database, email: string, scope: LeaveScope, at: Date): Promise<LeaveResult> {
  const address = normalizeEmail(email);
  const lists = scope.kind === "list" ? [scope.list] : AUDIENCE_LISTS;
  return db.transaction(async (tx) => {
    const left: AudienceList[] = [];
    for (const list of lists) if (await leaveList(tx as unknown as Database, list, address, at)) left.push(list);
    const suppressed =
      scope.kind === "everything" &&
      (await suppressAddress(tx as unknown as Database, {
        email: address,
        reason: "unsubscribed",
        source: "unsubscribe page",
        at,
      }));
    return { left, suppressed };
  });
}
