/**
 * Sends the waitlist's emails outside the request: the confirmation a join asks for, and "You're on the list"
 * once she has confirmed; and a new membership's welcome (see ../billing/welcome-email.ts). Each is recorded as due in the same statement as the change that asks for it (see
 * `claimDueConfirmations` and `claimDueWelcomes`), so a crash between that change and the email loses neither:
 * whatever is due when this process starts, or when a sender died mid-send, goes out later. Each email carries
 * a Message-ID fixed per entry (per confirmation request), so one sent twice after a crash is recognisable.
 *
 * @example
 * const welcomes = startWelcomeEmails(services);
 * welcomes.wake(); // a join or a confirmation just committed
 * await welcomes.stop();
 */
import {
  claimDueConfirmations,
  claimDueWelcomes,
  type DueConfirmation,
  type DueWelcome,
  markConfirmationsSent,
  markWelcomesSent,
} from "@academy/db/queries/waitlist";
import type { MailMessage } from "@academy/mail";
import { claimMembershipWelcomeEmails, markMembershipWelcomeEmailsSent } from "../billing/welcome-email.ts";
import { withListUnsubscribe } from "../deliverability/list-unsubscribe.ts";
import { findUnsendable, type SendCategory } from "../deliverability/send-policy.ts";
import { waitlistConfirmationEmail, waitlistWelcomeEmail } from "../emails/waitlist.ts";
import type { Services } from "../services.ts";
import { CONFIRMATION_LINK_DAYS } from "./confirmation.ts";
import { confirmToken, unsubscribeToken } from "./links.ts";

export interface WelcomeEmails {
  /** A join or a confirmation just committed: send what is due now rather than at the next poll. */
  wake(): void;
  /** Sends everything due, including what a running round has not reached yet; resolves when done. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export interface WelcomeEmailOptions {
  /** How often to look for due emails nobody woke us for (after a restart, or a lapsed claim). */
  pollMs?: number;
  /** How long a claim holds before another sender may take the email (a sender that died). */
  leaseSeconds?: number;
  batchSize?: number;
}

type WelcomeServices = Pick<
  Services,
  "database" | "mailer" | "siteUrl" | "appSecret" | "logger" | "billing" | "emails" | "deliverability"
>;

/** One kind of due email: how to claim it (already written) and mark it sent. */
interface Outbox {
  name: string;
  /** Which suppressions it respects (see ../deliverability/send-policy.ts). */
  category: SendCategory;
  claim(limit: number, leaseSeconds: number): Promise<{ id: string; email: string; message: MailMessage }[]>;
  markSent(ids: string[]): Promise<void>;
}

export function startWelcomeEmails(services: WelcomeServices, options: WelcomeEmailOptions = {}): WelcomeEmails {
  const { pollMs = 30_000, leaseSeconds = 120, batchSize = 100 } = options;
  const db = services.database.db;
  const messageIdDomain = new URL(services.siteUrl).hostname;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const outboxes: Outbox[] = [
    {
      name: "confirmation",
      // Sent to whatever address was typed: not to one that bounced, complained or was blocked.
      category: "confirmation",
      claim: async (limit, lease) =>
        (await claimDueConfirmations(db, { limit, leaseSeconds: lease })).map((due) => ({
          ...due,
          message: confirmationFor(services, messageIdDomain, due),
        })),
      markSent: (ids) => markConfirmationsSent(db, ids),
    },
    {
      name: "welcome",
      // The answer to her own click on the confirmation link.
      category: "requested",
      claim: async (limit, lease) =>
        (await claimDueWelcomes(db, { limit, leaseSeconds: lease })).map((due) => ({
          ...due,
          message: welcomeFor(services, messageIdDomain, due),
        })),
      markSent: (ids) => markWelcomesSent(db, ids),
    },
    {
      // A new membership's welcome (see ../billing/welcome-email.ts).
      name: "membership welcome",
      category: "requested",
      claim: (limit, lease) => claimMembershipWelcomeEmails(services, { limit, leaseSeconds: lease }),
      markSent: (ids) => markMembershipWelcomeEmailsSent(services, ids),
    },
  ];

  async function sendDue(outbox: Outbox): Promise<void> {
    for (;;) {
      const due = await outbox.claim(batchSize, leaseSeconds);
      if (due.length === 0) return;
      const unsendable = await findUnsendable(
        db,
        outbox.category,
        due.map((entry) => entry.email),
      );
      // A suppressed address is done with, not failed: marked like a sent one, so it is never tried again.
      const sent: string[] = due.filter((entry) => unsendable.has(entry.email)).map((entry) => entry.id);
      for (const [email, reason] of unsendable) {
        services.logger.info({ email, reason }, `${outbox.name} email skipped: the address is suppressed`);
      }
      await Promise.all(
        due.map(async (entry) => {
          if (unsendable.has(entry.email)) return;
          try {
            await services.mailer.send(entry.message);
            sent.push(entry.id);
          } catch (error) {
            // Left claimed: it is tried again when the claim lapses.
            services.logger.error({ err: error, email: entry.email }, `${outbox.name} email failed`);
          }
        }),
      );
      await outbox.markSent(sent);
      if (due.length < batchSize || stopped) return;
    }
  }

  function round(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        for (const outbox of outboxes) {
          await sendDue(outbox).catch((error: unknown) => {
            services.logger.error(
              { err: error },
              `sending ${outbox.name} emails failed; trying again at the next poll`,
            );
          });
        }
      } while (again && !stopped);
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  const timer = setInterval(round, pollMs);
  timer.unref();
  void round();
  return {
    wake: () => void round(),
    flush: round,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

function confirmationFor(services: WelcomeServices, messageIdDomain: string, due: DueConfirmation): MailMessage {
  const token = encodeURIComponent(confirmToken(services.appSecret, { entryId: due.id, requestedAt: due.requestedAt }));
  return {
    ...waitlistConfirmationEmail(services.emails, {
      to: due.email,
      confirmLink: `${services.siteUrl}/waitlist/confirm?token=${token}`,
      validDays: CONFIRMATION_LINK_DAYS,
    }),
    messageId: `<confirm.${due.id}.${due.requestedAt.getTime()}@${messageIdDomain}>`,
  };
}

function welcomeFor(services: WelcomeServices, messageIdDomain: string, entry: DueWelcome): MailMessage {
  const token = encodeURIComponent(unsubscribeToken(services.appSecret, entry.id));
  const endpoint = `${services.siteUrl}/api/waitlist/unsubscribe?token=${token}`;
  const message = waitlistWelcomeEmail(services.emails, {
    to: entry.email,
    firstName: entry.firstName ?? undefined,
    unsubscribePage: `${services.siteUrl}/unsubscribe?token=${token}`,
    unsubscribeEndpoint: endpoint,
  });
  return {
    ...withListUnsubscribe(message, { endpoint, mailto: services.deliverability?.unsubscribeMailto }),
    messageId: `<welcome.${entry.id}@${messageIdDomain}>`,
  };
}
