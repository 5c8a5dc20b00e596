/**
 * Sends "You're on the list" after a join, outside the request. The join writes her row with a due
 * time in the same statement (see `claimDueWelcomes`), so a crash between the join and the email loses
 * neither: whatever is due when this process starts, or when a sender died mid-send, goes out later.
 * Each welcome carries a Message-ID fixed per entry, so one sent twice after a crash is recognisable.
 *
 * @example
 * const welcomes = startWelcomeEmails(services);
 * welcomes.wake(); // a join just committed
 * await welcomes.stop();
 */
import { claimDueWelcomes, type DueWelcome, markWelcomesSent } from "@academy/db/queries/waitlist";
import { waitlistWelcomeEmail } from "../emails/waitlist.ts";
import type { Services } from "../services.ts";
import { unsubscribeToken } from "./links.ts";

export interface WelcomeEmails {
  /** A join just committed: send what is due now rather than at the next poll. */
  wake(): void;
  /** Sends everything due, including what a running round has not reached yet; resolves when done. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

export interface WelcomeEmailOptions {
  /** How often to look for due welcomes nobody woke us for (after a restart, or a lapsed claim). */
  pollMs?: number;
  /** How long a claim holds before another sender may take the welcome (a sender that died). */
  leaseSeconds?: number;
  batchSize?: number;
}

type WelcomeServices = Pick<Services, "database" | "mailer" | "siteUrl" | "appSecret">;

export function startWelcomeEmails(services: WelcomeServices, options: WelcomeEmailOptions = {}): WelcomeEmails {
  const { pollMs = 30_000, leaseSeconds = 120, batchSize = 100 } = options;
  const db = services.database.db;
  const messageIdDomain = new URL(services.siteUrl).hostname;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  async function sendDue(): Promise<void> {
    for (;;) {
      const due = await claimDueWelcomes(db, { limit: batchSize, leaseSeconds });
      if (due.length === 0) return;
      const sent: string[] = [];
      await Promise.all(
        due.map(async (entry) => {
          try {
            await services.mailer.send(welcomeFor(services, messageIdDomain, entry));
            sent.push(entry.id);
          } catch (error) {
            // Left claimed: it is tried again when the claim lapses.
            console.error(`[waitlist] welcome email to ${entry.email} failed:`, error);
          }
        }),
      );
      await markWelcomesSent(db, sent);
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
        await sendDue().catch((error: unknown) => {
          console.error("[waitlist] sending welcome emails failed; trying again at the next poll:", error);
        });
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

function welcomeFor(services: WelcomeServices, messageIdDomain: string, entry: DueWelcome) {
  const token = encodeURIComponent(unsubscribeToken(services.appSecret, entry.id));
  return {
    ...waitlistWelcomeEmail({
      to: entry.email,
      firstName: entry.firstName ?? undefined,
      unsubscribePage: `${services.siteUrl}/unsubscribe?token=${token}`,
      unsubscribeEndpoint: `${services.siteUrl}/api/waitlist/unsubscribe?token=${token}`,
    }),
    messageId: `<welcome.${entry.id}@${messageIdDomain}>`,
  };
}
