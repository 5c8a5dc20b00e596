/**
 * Everyone in the audience as CSV, a page at a time (the file streams; memory stays flat however long the
 * list). Every value goes through `csvField`, so a name like "=HYPERLINK(…)" opens as text in a spreadsheet.
 */
import type { Database } from "@academy/db/client";
import { type AudiencePerson, listAudiencePage } from "@academy/db/queries/audience";
import { csvLine } from "./csv.ts";

export const EXPORT_COLUMNS = [
  "email",
  "first_name",
  "last_name",
  "status",
  "newsletter",
  "waitlist",
  "suppressed",
  "source",
  "joined_at",
] as const;

const PAGE = 2_000;

function toLine(person: AudiencePerson): string {
  return csvLine([
    person.email,
    person.firstName ?? "",
    person.lastName ?? "",
    person.status,
    person.newsletter,
    person.waitlist,
    person.suppressed,
    person.source,
    person.joinedAt?.toISOString() ?? "",
  ]);
}

/** The export's text, header first, one chunk per page of people. */
export async function* exportAudienceCsv(db: Database, now: Date): AsyncGenerator<string> {
  yield csvLine(EXPORT_COLUMNS);
  let after: string | undefined;
  for (;;) {
    const people = await listAudiencePage(db, { now, afterEmail: after, limit: PAGE });
    if (people.length === 0) return;
    yield people.map(toLine).join("");
    after = people.at(-1)?.email;
    if (people.length < PAGE) return;
  }
}
