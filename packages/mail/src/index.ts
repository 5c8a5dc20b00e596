/**
 * Sending email: over SMTP with nodemailer when SMTP_URL is set, otherwise into the database outbox
 * that the development mailbox (/dev/mail) shows.
 *
 * @example
 * const mailer = createMailer({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM, db });
 * await mailer.send({ to: "ruth@example.com", subject: "Your sign-in code", text, html });
 */
import { createBatcher } from "@academy/db/batch";
import type { Database } from "@academy/db/client";
import { newId } from "@academy/db/id";
import { outboxMessages } from "@academy/db/schema";
import { desc, eq, sql } from "drizzle-orm";
import nodemailer from "nodemailer";

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers, e.g. List-Unsubscribe. */
  headers?: Record<string, string>;
  /** A fixed Message-ID (campaigns): a resend of the same message is recognisable, and kept once here. */
  messageId?: string;
}

export interface Mailer {
  /** "smtp" or "outbox": where messages go. */
  readonly kind: "smtp" | "outbox";
  readonly from: string;
  send(message: MailMessage): Promise<void>;
  close(): Promise<void>;
}

export interface CreateMailerOptions {
  smtpUrl?: string | undefined;
  from: string;
  db: Database;
}

export function createMailer(options: CreateMailerOptions): Mailer {
  return options.smtpUrl
    ? createSmtpMailer(options.smtpUrl, options.from)
    : createOutboxMailer(options.db, options.from);
}

export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const url = new URL(smtpUrl);
  // A pool of connections: a launch email goes to thousands of recipients.
  url.searchParams.set("pool", "true");
  url.searchParams.set("maxConnections", "4");
  const transport = nodemailer.createTransport(url.toString());
  return {
    kind: "smtp",
    from,
    async send(message) {
      await transport.sendMail({
        from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: message.headers ?? {},
        ...(message.messageId && { messageId: message.messageId }),
      });
    },
    async close() {
      transport.close();
    },
  };
}

export function createOutboxMailer(db: Database, from: string): Mailer {
  // Messages sent at the same moment (a welcome per joiner, a launch batch) go in with one insert.
  const insert = createBatcher(async (messages: MailMessage[]) => {
    const column = (read: (message: MailMessage) => string | null) => sql.param(messages.map(read));
    // The columns go as arrays (one parameter each) through unnest: one short statement per batch.
    await db
      .insert(outboxMessages)
      .select(sql`
        select id, ${from}::text, "to", subject, "text", html, headers::jsonb, message_id, now()
        from unnest(
          ${column(() => newId("msg"))}::text[],
          ${column((message) => message.to)}::text[],
          ${column((message) => message.subject)}::text[],
          ${column((message) => message.text)}::text[],
          ${column((message) => message.html)}::text[],
          ${column((message) => JSON.stringify(message.headers ?? {}))}::text[],
          ${column((message) => message.messageId ?? null)}::text[]
        ) as given(id, "to", subject, "text", html, headers, message_id)`)
      .onConflictDoNothing();
    return messages.map(() => undefined);
  });
  return {
    kind: "outbox",
    from,
    send: insert,
    async close() {},
  };
}

export type OutboxMessage = typeof outboxMessages.$inferSelect;

/** The newest outbox messages, optionally for one recipient (the development mailbox). */
export async function listOutbox(db: Database, params: { to?: string; limit?: number } = {}): Promise<OutboxMessage[]> {
  return db
    .select()
    .from(outboxMessages)
    .where(params.to ? eq(outboxMessages.to, params.to) : undefined)
    .orderBy(desc(outboxMessages.createdAt), desc(outboxMessages.id))
    .limit(params.limit ?? 50);
}

export async function getOutboxMessage(db: Database, id: string): Promise<OutboxMessage | undefined> {
  const [message] = await db.select().from(outboxMessages).where(eq(outboxMessages.id, id));
  return message;
}

/** Escapes text for an HTML email body. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
