import {
  confirmWaitlistEntry,
  getWaitlistEntry,
  isListed,
  joinWaitlist as recordJoin,
} from "@academy/db/queries/waitlist";
import type { Services } from "../services.ts";
import { readConfirmToken } from "./links.ts";

/** How long a confirmation link works. */
export const CONFIRMATION_LINK_DAYS = 7;
const CONFIRMATION_LINK_MS = CONFIRMATION_LINK_DAYS * 86_400_000;

export interface JoinWaitlistInput {
  /** Already normalised: trimmed and lower-cased. */
  email: string;
  firstName?: string | undefined;
  source?: string | undefined;
  consentText: string;
}

/**
 * Someone asks to put an address on the waitlist. It waits, unconfirmed, for its owner to follow the link in
 * the confirmation email (sent moments later, and at most once per CONFIRMATION_RESEND_MINUTES); an address
 * already on the list changes in no way. Resolves to nothing on purpose: whatever the address's state, the
 * caller must answer the same, so the answer reveals nobody.
 */
export async function joinWaitlist(
  services: Pick<Services, "database" | "clock" | "welcomeEmails">,
  input: JoinWaitlistInput,
): Promise<void> {
  const joined = await recordJoin(services.database.db, { ...input, now: services.clock.now() });
  // Her confirmation email was recorded with her row; the sender takes it from there.
  if (joined.confirmationRequested) services.welcomeEmails.wake();
}

/** What a confirmation link leads to: the page shows it, and only the button's POST changes anything. */
export type ConfirmationLinkState =
  /** The link works: pressing the button puts `email` on the list. */
  | { status: "pending"; email: string; firstName: string | null }
  /** The address is on the list already. */
  | { status: "listed"; email: string }
  /** Older than CONFIRMATION_LINK_DAYS: joining again sends a new one. */
  | { status: "expired" }
  /** She unsubscribed after this link was sent: it cannot undo that; joining again sends a new one. */
  | { status: "stale" }
  | { status: "invalid" };

/** Reads a confirmation link without using it (a mail scanner that opens it changes nothing). */
export async function describeConfirmationLink(
  services: Pick<Services, "database" | "clock" | "appSecret">,
  token: string,
): Promise<ConfirmationLinkState> {
  const link = readConfirmToken(services.appSecret, token);
  const entry = link ? await getWaitlistEntry(services.database.db, link.entryId) : undefined;
  if (!link || !entry) return { status: "invalid" };
  if (isListed(entry)) return { status: "listed", email: entry.email };
  if (entry.unsubscribedAt && entry.unsubscribedAt >= link.requestedAt) return { status: "stale" };
  if (isExpired(link.requestedAt, services.clock.now())) return { status: "expired" };
  return { status: "pending", email: entry.email, firstName: entry.firstName };
}

export type ConfirmationResult =
  /** On the list now; her welcome goes out moments later when this was her first confirmation. */
  | { status: "confirmed"; email: string }
  | { status: "listed"; email: string }
  | { status: "expired" }
  | { status: "stale" }
  | { status: "invalid" };

/**
 * Confirms a join from the link in its email (the button's POST): the entry goes on the list, subscribed again
 * if she had unsubscribed, with the first name she confirmed (undefined keeps the one given at the join, an
 * empty one clears it).
 */
export async function confirmWaitlistJoin(
  services: Pick<Services, "database" | "clock" | "appSecret" | "welcomeEmails">,
  input: { token: string; firstName?: string | undefined },
): Promise<ConfirmationResult> {
  const { db } = services.database;
  const link = readConfirmToken(services.appSecret, input.token);
  if (!link) return { status: "invalid" };
  const now = services.clock.now();
  if (isExpired(link.requestedAt, now)) {
    const entry = await getWaitlistEntry(db, link.entryId);
    return entry && isListed(entry) ? { status: "listed", email: entry.email } : { status: "expired" };
  }
  const result = await confirmWaitlistEntry(db, {
    id: link.entryId,
    linkRequestedAt: link.requestedAt,
    now,
    firstName: input.firstName === undefined ? undefined : input.firstName || null,
  });
  switch (result.status) {
    case "confirmed":
      // Her welcome was recorded with the confirmation; the sender takes it from there.
      services.welcomeEmails.wake();
      return { status: "confirmed", email: result.entry.email };
    case "listed":
      return { status: "listed", email: result.entry.email };
    case "stale":
      return { status: "stale" };
    case "missing":
      return { status: "invalid" };
  }
}

function isExpired(requestedAt: Date, now: Date): boolean {
  return now.getTime() - requestedAt.getTime() > CONFIRMATION_LINK_MS;
}
