/**
 * What an import will do, from the rows read and where each address stands here: the counts the coach sees
 * in the dry run, and exactly what the import then writes. Pure: the same answer for the preview and the run.
 */
import type { AudienceList, SuppressionReason } from "@academy/db/schema";
import type { ImportRow } from "./formats.ts";

export type ListState = "listed" | "pending" | "left";

export interface ImportCounts {
  /** Rows after the header. */
  rows: number;
  /** Put on the list, new to it. */
  new: number;
  /** Already on the list (or waiting to confirm there): names filled in, consent trail added. */
  updated: number;
  /** Rows whose address appeared earlier in the file, merged into that row. */
  duplicatesMerged: number;
  /** Rows without a usable address. */
  invalid: number;
  /** Unsubscribed, cleaned, bounced or complained in the old tool: kept on the suppression list, on no list. */
  suppressed: number;
  /** Subscribed in the file, but she left this list here or is suppressed: she stays off (never re-added). */
  keptOff: number;
  /** Never confirmed in the old tool: left out, since there is no consent to bring. */
  unconfirmed: number;
}

export interface ImportOutcome {
  counts: Omit<ImportCounts, "rows" | "duplicatesMerged" | "invalid">;
  subscribe: ImportRow[];
  suppress: { email: string; reason: SuppressionReason }[];
}

export function planImport(
  rows: Iterable<ImportRow>,
  states: ReadonlyMap<string, ListState>,
  suppressed: ReadonlySet<string>,
): ImportOutcome {
  const counts = { new: 0, updated: 0, suppressed: 0, keptOff: 0, unconfirmed: 0 };
  const subscribe: ImportRow[] = [];
  const suppress: ImportOutcome["suppress"] = [];
  for (const row of rows) {
    if (row.status.kind === "unconfirmed") {
      counts.unconfirmed++;
    } else if (row.status.kind === "suppressed") {
      counts.suppressed++;
      suppress.push({ email: row.email, reason: row.status.reason });
    } else if (suppressed.has(row.email) || states.get(row.email) === "left") {
      counts.keptOff++;
    } else {
      if (states.has(row.email)) counts.updated++;
      else counts.new++;
      subscribe.push(row);
    }
  }
  return { counts, subscribe, suppress };
}

export const LIST_NAMES: Record<AudienceList, string> = {
  newsletter: "the newsletter",
  waitlist: "the waitlist (priority access)",
};
