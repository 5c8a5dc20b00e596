import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Database } from "../client.ts";
import { newId } from "../id.ts";
import {
  type AudienceList,
  audienceImportDrafts,
  audienceImports,
  emailSuppressions,
  newsletterSubscriptions,
} from "../schema/audience.ts";
import { waitlistEntries } from "../schema/waitlist.ts";
import { CURRENT_STATUSES } from "./billing.ts";

/** Where an address stands on one list: on it, waiting for her confirmation, or left it. */
export type ListState = "listed" | "pending" | "left";

const CHUNK = 5_000;

function stateOf(row: { confirmedAt: Date | null; unsubscribedAt: Date | null }): ListState {
  if (row.unsubscribedAt !== null) return "left";
  return row.confirmedAt === null ? "pending" : "listed";
}

/** The state on `list` of each given (normalised) address that has a row there. */
export async function findListStates(
  db: Database,
  list: AudienceList,
  emails: readonly string[],
): Promise<Map<string, ListState>> {
  const table = list === "newsletter" ? newsletterSubscriptions : waitlistEntries;
  const states = new Map<string, ListState>();
  for (let start = 0; start < emails.length; start += CHUNK) {
    const rows = await db
      .select({ email: table.email, confirmedAt: table.confirmedAt, unsubscribedAt: table.unsubscribedAt })
      .from(table)
      .where(inArray(table.email, emails.slice(start, start + CHUNK)));
    for (const row of rows) states.set(row.email, stateOf(row));
  }
  return states;
}

export interface ImportedPerson {
  email: string;
  firstName: string | null;
  lastName: string | null;
}

export interface WriteImportParams {
  list: AudienceList;
  importId: string;
  service: string;
  fileName: string;
  /** "import:mailchimp", the consent source recorded per person. */
  consentSource: string;
  /** The words kept as her consent on the waitlist, e.g. "Imported from Mailchimp (list.csv) on 2026-12-03". */
  consentText: string;
  at: Date;
  people: readonly ImportedPerson[];
}

const WRITE_CHUNK = 2_000;

/**
 * Puts imported people on a list as confirmed (her old tool's consent), and records the import per person.
 * Run it inside the import's transaction. Nobody who left the list here is put back on it; a name already
 * known is kept; a confirmation waiting from a signup form is settled by the import.
 */
export async function writeImportedPeople(db: Database, params: WriteImportParams): Promise<void> {
  for (let start = 0; start < params.people.length; start += WRITE_CHUNK) {
    const chunk = params.people.slice(start, start + WRITE_CHUNK);
    const emails = sql.param(chunk.map((person) => person.email));
    const firstNames = sql.param(chunk.map((person) => person.firstName));
    const lastNames = sql.param(chunk.map((person) => person.lastName));
    const at = params.at.toISOString();
    if (params.list === "newsletter") {
      const table = newsletterSubscriptions;
      await db
        .insert(table)
        .select(sql`
          select email, first_name, last_name, ${params.consentSource}, ${at}::timestamptz, null::timestamptz,
            ${at}::timestamptz, null::timestamptz, now(), now()
          from unnest(${emails}::text[], ${firstNames}::text[], ${lastNames}::text[]) as given(email, first_name, last_name)`)
        .onConflictDoUpdate({
          target: table.email,
          set: {
            firstName: sql`coalesce(${table.firstName}, excluded.first_name)`,
            lastName: sql`coalesce(${table.lastName}, excluded.last_name)`,
            consentSource: sql`case when ${table.confirmedAt} is null then excluded.consent_source else ${table.consentSource} end`,
            consentAt: sql`case when ${table.confirmedAt} is null then excluded.consent_at else ${table.consentAt} end`,
            confirmedAt: sql`coalesce(${table.confirmedAt}, excluded.confirmed_at)`,
          },
          setWhere: isNull(table.unsubscribedAt),
        });
    } else {
      const table = waitlistEntries;
      const ids = sql.param(chunk.map(() => newId("wl")));
      // Columns in table order: id, email, first_name, source, consent_text, unsubscribed_at, confirmed_at,
      // confirmation_requested_at, confirmation_due_at, welcome_due_at, created_at, updated_at.
      await db
        .insert(table)
        .select(sql`
          select id, email, first_name, ${params.consentSource}, ${params.consentText}, null::timestamptz,
            ${at}::timestamptz, null::timestamptz, null::timestamptz, null::timestamptz, now(), now()
          from unnest(${ids}::text[], ${emails}::text[], ${firstNames}::text[]) as given(id, email, first_name)`)
        .onConflictDoUpdate({
          target: table.email,
          set: {
            firstName: sql`coalesce(${table.firstName}, excluded.first_name)`,
            source: sql`case when ${table.confirmedAt} is null then excluded.source else ${table.source} end`,
            consentText: sql`case when ${table.confirmedAt} is null then excluded.consent_text else ${table.consentText} end`,
            confirmationDueAt: sql`case when ${table.confirmedAt} is null then null else ${table.confirmationDueAt} end`,
            confirmedAt: sql`coalesce(${table.confirmedAt}, excluded.confirmed_at)`,
          },
          setWhere: isNull(table.unsubscribedAt),
        });
    }
    await db
      .insert(audienceImports)
      .select(sql`
        select email, ${params.importId}, ${params.service}, ${params.fileName}, ${params.list}, ${at}::timestamptz
        from unnest(${emails}::text[]) as given(email)`)
      .onConflictDoNothing();
  }
}

export type ImportDraftRow = typeof audienceImportDrafts.$inferSelect;

export async function saveImportDraft(
  db: Database,
  params: Pick<ImportDraftRow, "fileName" | "csv" | "list" | "mapping" | "createdBy">,
): Promise<string> {
  const id = newId("imp");
  await db.insert(audienceImportDrafts).values({ id, ...params });
  return id;
}

export async function findImportDraft(db: Database, id: string): Promise<ImportDraftRow | undefined> {
  const [row] = await db.select().from(audienceImportDrafts).where(eq(audienceImportDrafts.id, id));
  return row;
}

/** The draft, locked until the transaction ends: two clicks on "Import" run one after the other. */
export async function lockImportDraft(db: Database, id: string): Promise<ImportDraftRow | undefined> {
  const [row] = await db.select().from(audienceImportDrafts).where(eq(audienceImportDrafts.id, id)).for("update");
  return row;
}

export async function updateImportDraft(
  db: Database,
  id: string,
  changes: Partial<Pick<ImportDraftRow, "mapping" | "list" | "importedAt" | "result">>,
): Promise<void> {
  await db.update(audienceImportDrafts).set(changes).where(eq(audienceImportDrafts.id, id));
}

/** Drafts never imported, older than `before`: the maintenance job drops them (they hold whole files). */
export async function deleteStaleImportDrafts(db: Database, before: Date): Promise<number> {
  const deleted = await db
    .delete(audienceImportDrafts)
    .where(and(isNull(audienceImportDrafts.importedAt), sql`${audienceImportDrafts.createdAt} < ${before}`))
    .returning({ id: audienceImportDrafts.id });
  return deleted.length;
}

export type PersonStatus = "member" | "former_member" | "subscriber";

/**
 * Everyone in the audience, one row per address: whoever is on a list (newsletter or waitlist, in any state)
 * and whoever has or had a membership. Status: member (a current subscription, paused included, or a free
 * membership running now), former member (one that ended), subscriber (never a member).
 */
function peopleQuery(now: Date, afterEmail: string | undefined, limit: number | undefined) {
  const statuses = sql.join(
    CURRENT_STATUSES.map((status) => sql`${status}`),
    sql`, `,
  );
  return sql`
    with people as (
      select email from newsletter_subscriptions
      union select email from waitlist_entries
      union select u.email from users u
        where exists (select 1 from subscriptions s where s.user_id = u.id)
           or exists (select 1 from membership_grants g where g.user_id = u.id)
    )
    select p.email,
      coalesce(n.first_name, w.first_name) as first_name,
      n.last_name,
      case
        when u.id is not null and (
          exists (select 1 from subscriptions s where s.user_id = u.id and s.status in (${statuses}))
          or exists (select 1 from membership_grants g where g.user_id = u.id and g.revoked_at is null
            and g.starts_at <= ${now.toISOString()}::timestamptz
            and (g.ends_at is null or g.ends_at > ${now.toISOString()}::timestamptz))
        ) then 'member'
        when u.id is not null and (
          exists (select 1 from subscriptions s where s.user_id = u.id)
          or exists (select 1 from membership_grants g where g.user_id = u.id)
        ) then 'former_member'
        else 'subscriber'
      end as status,
      case when n.email is null then '' when n.unsubscribed_at is not null then 'unsubscribed'
        when n.confirmed_at is null then 'pending' else 'subscribed' end as newsletter,
      case when w.email is null then '' when w.unsubscribed_at is not null then 'unsubscribed'
        when w.confirmed_at is null then 'pending' else 'subscribed' end as waitlist,
      coalesce(x.reason, '') as suppressed,
      coalesce(n.consent_source, w.source, '') as source,
      least(n.created_at, w.created_at, u.created_at) as joined_at
    from people p
    left join newsletter_subscriptions n on n.email = p.email
    left join waitlist_entries w on w.email = p.email
    left join users u on u.email = p.email
    left join email_suppressions x on x.email = p.email
    ${afterEmail === undefined ? sql`` : sql`where p.email > ${afterEmail}`}
    order by p.email
    ${limit === undefined ? sql`` : sql`limit ${limit}`}`;
}

export interface AudiencePerson {
  email: string;
  firstName: string | null;
  lastName: string | null;
  status: PersonStatus;
  newsletter: "" | "subscribed" | "pending" | "unsubscribed";
  waitlist: "" | "subscribed" | "pending" | "unsubscribed";
  /** The suppression reason, or "" when she is not suppressed. */
  suppressed: string;
  source: string;
  joinedAt: Date | null;
}

interface PersonRow extends Record<string, unknown> {
  email: string;
  first_name: string | null;
  last_name: string | null;
  status: PersonStatus;
  newsletter: AudiencePerson["newsletter"];
  waitlist: AudiencePerson["waitlist"];
  suppressed: string;
  source: string;
  joined_at: string | Date | null;
}

/** One page of people, by address, after `afterEmail`. */
export async function listAudiencePage(
  db: Database,
  params: { now: Date; afterEmail?: string | undefined; limit: number },
): Promise<AudiencePerson[]> {
  const result = await db.execute<PersonRow>(peopleQuery(params.now, params.afterEmail, params.limit));
  const rows = (Array.isArray(result) ? result : (result as { rows: PersonRow[] }).rows) as PersonRow[];
  return rows.map((row) => ({
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    status: row.status,
    newsletter: row.newsletter,
    waitlist: row.waitlist,
    suppressed: row.suppressed,
    source: row.source,
    joinedAt: row.joined_at === null ? null : new Date(row.joined_at),
  }));
}

export interface AudienceCounts {
  people: Record<PersonStatus, number>;
  lists: Record<AudienceList, Record<"subscribed" | "pending" | "unsubscribed", number>>;
  suppressed: number;
}

export async function countAudience(db: Database, now: Date): Promise<AudienceCounts> {
  const result = await db.execute<{ status: PersonStatus; newsletter: string; waitlist: string; count: number }>(sql`
    select status, newsletter, waitlist, count(*)::int as count from (${peopleQuery(now, undefined, undefined)}) people
    group by status, newsletter, waitlist`);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
    status: PersonStatus;
    newsletter: string;
    waitlist: string;
    count: number;
  }[];
  const counts: AudienceCounts = {
    people: { member: 0, former_member: 0, subscriber: 0 },
    lists: {
      newsletter: { subscribed: 0, pending: 0, unsubscribed: 0 },
      waitlist: { subscribed: 0, pending: 0, unsubscribed: 0 },
    },
    suppressed: 0,
  };
  for (const row of rows) {
    const count = Number(row.count);
    counts.people[row.status] += count;
    for (const list of ["newsletter", "waitlist"] as const) {
      const state = row[list] as "" | "subscribed" | "pending" | "unsubscribed";
      if (state !== "") counts.lists[list][state] += count;
    }
  }
  const [suppressed] = await db.select({ count: sql<number>`count(*)::int` }).from(emailSuppressions);
  counts.suppressed = Number(suppressed?.count ?? 0);
  return counts;
}

/** Leaves one list: her row there is marked unsubscribed (now). True when she was on it (listed or pending). */
export async function leaveList(db: Database, list: AudienceList, email: string, at: Date): Promise<boolean> {
  const table = list === "newsletter" ? newsletterSubscriptions : waitlistEntries;
  const rows = await db
    .update(table)
    .set({ unsubscribedAt: at })
    .where(and(eq(table.email, email), isNull(table.unsubscribedAt)))
    .returning({ email: table.email });
  return rows.length > 0;
}
