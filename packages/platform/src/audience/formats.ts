/**
 * The export formats of the tools a coach may come from, recognised by their header row, and a hand-made
 * mapping for anything else. Each format says where the address and name are, and what each row's status in
 * the old tool means here: still subscribed, or kept off every list (suppressed) because she unsubscribed,
 * bounced, complained or was cleaned there. Column names follow each tool's own export (see the fixtures
 * beside the tests).
 */
import type { SuppressionReason } from "./suppression.ts";

export const IMPORT_SERVICES = ["mailchimp", "kit", "substack", "ghost", "beehiiv", "custom"] as const;
export type ImportService = (typeof IMPORT_SERVICES)[number];

export const SERVICE_NAMES: Record<ImportService, string> = {
  mailchimp: "Mailchimp",
  kit: "Kit (ConvertKit)",
  substack: "Substack",
  ghost: "Ghost",
  beehiiv: "beehiiv",
  custom: "your own columns",
};

/** What a row says about a person in her old tool. */
export type RowStatus =
  | { kind: "subscribed" }
  | { kind: "suppressed"; reason: SuppressionReason }
  /** She never confirmed there (double opt-in pending): no consent to bring, so she is left out. */
  | { kind: "unconfirmed" };

export interface ImportRow {
  email: string;
  firstName: string | undefined;
  lastName: string | undefined;
  status: RowStatus;
}

/** Which column holds what, by header name; used for files no format recognises. */
export interface ColumnMapping {
  email: string;
  firstName?: string | undefined;
  lastName?: string | undefined;
  /** A column of statuses: subscribed/active/yes/true…, unsubscribed/cancelled/no/false…, cleaned/bounced… */
  status?: string | undefined;
}

export interface ImportFormat {
  service: ImportService;
  /** Reads one record; `get(name)` is the trimmed value of the column of that name ("" when absent). */
  read(get: (column: string) => string): ImportRow;
}

type Header = ReadonlySet<string>;

const SUBSCRIBED: RowStatus = { kind: "subscribed" };

function suppressed(reason: SuppressionReason): RowStatus {
  return { kind: "suppressed", reason };
}

function optional(value: string): string | undefined {
  return value === "" ? undefined : value;
}

/** "Ruth Ames" → first "Ruth", last "Ames"; one word is a first name. */
function splitName(name: string): { firstName: string | undefined; lastName: string | undefined } {
  const [first = "", ...rest] = name.split(/\s+/).filter(Boolean);
  return { firstName: optional(first), lastName: optional(rest.join(" ")) };
}

/**
 * Mailchimp exports each audience as three files with the same columns plus their own: subscribed,
 * unsubscribed (UNSUB_TIME…) and cleaned (CLEAN_TIME…). The file's columns say which one it is.
 */
const mailchimp = (header: Header): ImportFormat => {
  const status = header.has("UNSUB_TIME")
    ? suppressed("unsubscribed")
    : header.has("CLEAN_TIME")
      ? suppressed("cleaned")
      : SUBSCRIBED;
  return {
    service: "mailchimp",
    read: (get) => ({
      email: get("Email Address"),
      firstName: optional(get("First Name")),
      lastName: optional(get("Last Name")),
      status,
    }),
  };
};

/** Kit's subscriber fields: email_address, first_name, state (active, inactive, cancelled, bounced, complained). */
const kit: ImportFormat = {
  service: "kit",
  read: (get) => ({
    email: get("email_address"),
    firstName: optional(get("first_name")),
    lastName: undefined,
    status: kitState(get("state").toLowerCase()),
  }),
};

function kitState(state: string): RowStatus {
  if (state === "cancelled") return suppressed("unsubscribed");
  if (state === "bounced") return suppressed("hard_bounce");
  if (state === "complained") return suppressed("complaint");
  if (state === "inactive") return { kind: "unconfirmed" };
  return SUBSCRIBED;
}

/** Substack's email list: email, active_subscription, expiry, email_disabled, created_at (or type for paid). */
const substack: ImportFormat = {
  service: "substack",
  read: (get) => ({
    email: get("email"),
    firstName: optional(get("name")) === undefined ? undefined : splitName(get("name")).firstName,
    lastName: optional(get("name")) === undefined ? undefined : splitName(get("name")).lastName,
    status: get("email_disabled").toLowerCase() === "true" ? suppressed("unsubscribed") : SUBSCRIBED,
  }),
};

/** Ghost's members export: id, email, name, note, subscribed_to_emails, complimentary_plan, … */
const ghost: ImportFormat = {
  service: "ghost",
  read: (get) => ({
    email: get("email"),
    ...splitName(get("name")),
    status: get("subscribed_to_emails").toLowerCase() === "false" ? suppressed("unsubscribed") : SUBSCRIBED,
  }),
};

/** beehiiv's subscriber export: email, First Name, Last Name, status, tier, created_at, …, unsubscribed_at. */
const beehiiv: ImportFormat = {
  service: "beehiiv",
  read: (get) => ({
    email: get("email"),
    firstName: optional(get("First Name")),
    lastName: optional(get("Last Name")),
    status: beehiivStatus(get("status").toLowerCase(), get("unsubscribed_at")),
  }),
};

function beehiivStatus(status: string, unsubscribedAt: string): RowStatus {
  if (unsubscribedAt !== "" || status === "inactive") return suppressed("unsubscribed");
  if (status === "invalid") return suppressed("cleaned");
  if (status === "pending" || status === "validating") return { kind: "unconfirmed" };
  return SUBSCRIBED;
}

/** Recognises a known export by its header row; undefined when the coach must map the columns herself. */
export function detectFormat(columns: readonly string[]): ImportFormat | undefined {
  const header = new Set(columns.map((column) => column.trim()));
  if (header.has("Email Address") && header.has("MEMBER_RATING")) return mailchimp(header);
  if (header.has("email_address") && header.has("state")) return kit;
  if (header.has("email") && header.has("subscribed_to_emails")) return ghost;
  if (header.has("email") && header.has("status") && (header.has("tier") || header.has("First Name"))) return beehiiv;
  if (header.has("email") && (header.has("email_disabled") || header.has("active_subscription"))) return substack;
  return undefined;
}

const STATUS_WORDS: Record<string, RowStatus> = {
  subscribed: SUBSCRIBED,
  active: SUBSCRIBED,
  confirmed: SUBSCRIBED,
  yes: SUBSCRIBED,
  true: SUBSCRIBED,
  "1": SUBSCRIBED,
  unsubscribed: suppressed("unsubscribed"),
  cancelled: suppressed("unsubscribed"),
  canceled: suppressed("unsubscribed"),
  inactive: suppressed("unsubscribed"),
  no: suppressed("unsubscribed"),
  false: suppressed("unsubscribed"),
  "0": suppressed("unsubscribed"),
  cleaned: suppressed("cleaned"),
  invalid: suppressed("cleaned"),
  bounced: suppressed("hard_bounce"),
  complained: suppressed("complaint"),
  pending: { kind: "unconfirmed" },
  unconfirmed: { kind: "unconfirmed" },
};

/** A format from the coach's own choice of columns. An empty or unknown status counts as subscribed. */
export function mappedFormat(mapping: ColumnMapping): ImportFormat {
  return {
    service: "custom",
    read: (get) => ({
      email: get(mapping.email),
      firstName: mapping.firstName ? optional(get(mapping.firstName)) : undefined,
      lastName: mapping.lastName ? optional(get(mapping.lastName)) : undefined,
      status: (mapping.status && STATUS_WORDS[get(mapping.status).toLowerCase()]) || SUBSCRIBED,
    }),
  };
}

/** The header names a mapping names that the file does not have. */
export function missingColumns(mapping: ColumnMapping, columns: readonly string[]): string[] {
  const header = new Set(columns.map((column) => column.trim()));
  return [mapping.email, mapping.firstName, mapping.lastName, mapping.status].filter(
    (column): column is string => column !== undefined && column !== "" && !header.has(column),
  );
}
