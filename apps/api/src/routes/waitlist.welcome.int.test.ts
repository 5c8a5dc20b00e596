import { confirmWaitlistEntry, joinWaitlist, unsubscribeWaitlistEntry } from "@academy/db/queries/waitlist";
import { waitlistEntries } from "@academy/db/schema";
import { listOutbox } from "@academy/mail";
import { startWelcomeEmails } from "@academy/platform/waitlist";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, postForm, postJson, type TestApi } from "../testing.ts";
import {
  CONFIRMATION_SUBJECT,
  confirmationToken,
  confirmFromInbox,
  freshNetwork,
  fromNetwork,
  join,
  WELCOME_SUBJECT,
} from "./waitlist.testing.ts";

describe("confirmation and welcome emails of the waitlist", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi({ trustProxy: 1 });
  });
  afterAll(() => api.close());

  const db = () => api.services.database.db;
  const sent = async (to: string, subject: string) =>
    (await listOutbox(db(), { to })).filter((message) => message.subject === subject);
  const entryOf = async (email: string) => {
    const [entry] = await db().select().from(waitlistEntries).where(eq(waitlistEntries.email, email));
    if (!entry) throw new Error(`no entry for ${email}`);
    return entry;
  };
  /** Joins and confirms through the queries alone, as a request that committed just before a crash would. */
  const joinedAndConfirmed = async (email: string) => {
    const joined = await joinWaitlist(db(), { email, consentText: "yes", now: new Date("2026-06-01T08:00:00Z") });
    await confirmWaitlistEntry(db(), {
      id: joined.id,
      linkRequestedAt: new Date("2026-06-01T08:00:00Z"),
      now: new Date("2026-06-01T08:05:00Z"),
    });
    return joined;
  };
  // A second sender, as after a restart: nobody wakes it, it finds what is due by itself.
  const restartedSender = () => startWelcomeEmails(api.services);

  it("sends the confirmation a few moments after the answer, and the welcome a few moments after she confirms", async () => {
    await join(api, { email: "soon@example.com" });
    await expect.poll(() => sent("soon@example.com", CONFIRMATION_SUBJECT).then((found) => found.length)).toBe(1);
    const [confirmation] = await sent("soon@example.com", CONFIRMATION_SUBJECT);
    const joined = await entryOf("soon@example.com");
    expect(confirmation?.messageId).toBe(
      `<confirm.${joined.id}.${joined.confirmationRequestedAt?.getTime()}@localhost>`,
    );
    expect(joined.confirmationDueAt).toBeNull();
    expect(await sent("soon@example.com", WELCOME_SUBJECT)).toHaveLength(0);

    const token = await confirmationToken(api, "soon@example.com");
    await api.app.request(...postForm("/api/waitlist/confirm", { token }));
    await expect.poll(() => sent("soon@example.com", WELCOME_SUBJECT).then((found) => found.length)).toBe(1);
    const [welcome] = await sent("soon@example.com", WELCOME_SUBJECT);
    expect(welcome?.messageId).toBe(`<welcome.${joined.id}@localhost>`);
    expect((await entryOf("soon@example.com")).welcomeDueAt).toBeNull();
  });

  it("still sends a confirmation recorded just before a crash, once the server is back", async () => {
    await joinWaitlist(db(), { email: "asked@example.com", consentText: "yes" });
    const sender = restartedSender();
    await sender.flush();
    await sender.stop();
    expect(await sent("asked@example.com", CONFIRMATION_SUBJECT)).toHaveLength(1);
  });

  it("still sends a welcome recorded just before a crash, once the server is back", async () => {
    // The confirmation committed, then the process died before its sender ran: the row is all that is left.
    await joinedAndConfirmed("crash@example.com");
    await db()
      .update(waitlistEntries)
      .set({ confirmationDueAt: null, welcomeDueAt: sql`now() - interval '1 second'` })
      .where(eq(waitlistEntries.email, "crash@example.com"));
    const sender = restartedSender();
    await sender.flush();
    await sender.stop();
    expect(await sent("crash@example.com", WELCOME_SUBJECT)).toHaveLength(1);
  });

  it("resends after a sender died mid-send only once its claim has lapsed, under the same Message-ID", async () => {
    await joinedAndConfirmed("claimed@example.com");
    // Another sender claimed it for two minutes and died: nobody takes it before the claim runs out.
    await db()
      .update(waitlistEntries)
      .set({ welcomeDueAt: sql`now() + interval '2 minutes'` })
      .where(eq(waitlistEntries.email, "claimed@example.com"));
    await api.services.welcomeEmails.flush();
    expect(await sent("claimed@example.com", WELCOME_SUBJECT)).toHaveLength(0);
    await db()
      .update(waitlistEntries)
      .set({ welcomeDueAt: sql`now() - interval '1 second'` })
      .where(eq(waitlistEntries.email, "claimed@example.com"));
    await api.services.welcomeEmails.flush();
    const welcomes = await sent("claimed@example.com", WELCOME_SUBJECT);
    expect(welcomes).toHaveLength(1);
    // Sent twice (the dead sender may have reached the mail server), the outbox keeps one.
    await db()
      .update(waitlistEntries)
      .set({ welcomeDueAt: sql`now() - interval '1 second'` })
      .where(eq(waitlistEntries.email, "claimed@example.com"));
    await api.services.welcomeEmails.flush();
    expect(await sent("claimed@example.com", WELCOME_SUBJECT)).toHaveLength(1);
  });

  it("sends no welcome to a reader who unsubscribed before it went out", async () => {
    const entry = await joinedAndConfirmed("gone@example.com");
    await unsubscribeWaitlistEntry(db(), entry.id, new Date("2026-06-01T08:06:00Z"));
    await api.services.welcomeEmails.flush();
    expect(await sent("gone@example.com", WELCOME_SUBJECT)).toHaveLength(0);
  });

  it("sends no confirmation to an address confirmed before its email went out", async () => {
    await joinedAndConfirmed("quick@example.com");
    await api.services.welcomeEmails.flush();
    expect(await sent("quick@example.com", CONFIRMATION_SUBJECT)).toHaveLength(0);
    expect(await sent("quick@example.com", WELCOME_SUBJECT)).toHaveLength(1);
  });

  it("asks each of 300 readers who join at once to confirm, and welcomes each exactly once when they do", async () => {
    const emails = Array.from({ length: 300 }, (_, index) => `crowd${index}@example.com`);
    const responses = await Promise.all(
      emails.map((email) => api.app.request(...fromNetwork(freshNetwork(), postJson("/api/waitlist", { email })))),
    );
    expect(responses.every((response) => response.status === 200)).toBe(true);
    await api.services.welcomeEmails.flush();
    const crowd = async (subject: string) =>
      (await listOutbox(db(), { limit: 2_000 })).filter(
        (message) => message.subject === subject && message.to.startsWith("crowd"),
      );
    expect(await crowd(CONFIRMATION_SUBJECT)).toHaveLength(300);
    expect(await crowd(WELCOME_SUBJECT)).toHaveLength(0);

    const confirmed = await Promise.all(emails.map((email) => confirmFromInbox(api, email)));
    expect(confirmed.every((response) => response.status === 303)).toBe(true);
    await api.services.welcomeEmails.flush();
    const welcomed = await crowd(WELCOME_SUBJECT);
    expect(new Set(welcomed.map((message) => message.to)).size).toBe(300);
    expect(welcomed).toHaveLength(300);
  });
});
