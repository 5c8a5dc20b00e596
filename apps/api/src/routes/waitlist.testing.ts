/**
 * Helpers for the waitlist's suites: joins from a given network, and the double opt-in read from the outbox.
 *
 * @example
 * const api = await createTestApi({ trustProxy: 1 }); // X-Forwarded-For names the client
 * await api.app.request(...fromNetwork("203.0.113.7", postJson("/api/waitlist", { email })));
 * await confirmFromInbox(api, email); // she follows the link in her confirmation email
 */
import { listOutbox, type OutboxMessage } from "@academy/mail";
import { expect } from "vitest";
import { postForm, postJson, type TestApi } from "../testing.ts";

export const CONFIRMATION_SUBJECT = "Confirm you want to join the waitlist";
export const WELCOME_SUBJECT = "You're on the list";

/** The request as it arrives through one trusted proxy from `address` (the app needs `trustProxy: 1`). */
export function fromNetwork(address: string, [path, init]: [string, RequestInit]): [string, RequestInit] {
  return [path, { ...init, headers: { ...(init.headers as Record<string, string>), "x-forwarded-for": address } }];
}

let networks = 0;
/** A network no other request in this file came from. */
export function freshNetwork(): string {
  networks += 1;
  return `198.51.${Math.floor(networks / 250)}.${(networks % 250) + 1}`;
}

/** Joins from a network of its own, so per-network limits stay out of the way; expects the usual answer. */
export async function join(api: TestApi, body: Record<string, string>): Promise<Response> {
  const response = await api.app.request(...fromNetwork(freshNetwork(), postJson("/api/waitlist", body)));
  expect(response.status).toBe(200);
  return response;
}

/** Emails to `to` with this subject, newest first, once everything due has been sent. */
export async function mailTo(api: TestApi, to: string, subject: string): Promise<OutboxMessage[]> {
  await api.services.welcomeEmails.flush();
  const messages = await listOutbox(api.services.database.db, { to, limit: 100 });
  return messages.filter((message) => message.subject === subject);
}

/** The token of the newest confirmation link emailed to `to`. */
export async function confirmationToken(api: TestApi, to: string): Promise<string> {
  const [newest] = await mailTo(api, to, CONFIRMATION_SUBJECT);
  const token = /\/waitlist\/confirm\?token=([^\s"&]+)/.exec(newest?.text ?? "")?.[1];
  if (!token) throw new Error(`no confirmation link emailed to ${to}`);
  return decodeURIComponent(token);
}

/** Presses the button on the page her newest confirmation link opens (as a form, like the page). */
export async function confirmFromInbox(
  api: TestApi,
  to: string,
  fields: Record<string, string> = {},
): Promise<Response> {
  const token = await confirmationToken(api, to);
  return api.app.request(...postForm("/api/waitlist/confirm", { token, ...fields }));
}
