import { joinWaitlist, unsubscribeWaitlistEntry } from "@academy/db/queries/waitlist";
import { waitlistEntries } from "@academy/db/schema";
import { listOutbox } from "@academy/mail";
import { startWelcomeEmails } from "@academy/platform/waitlist";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, postJson, type TestApi } from "../testing.ts";

const WELCOME = "You're on the list";

describe("welcome emails after joining the waitlist", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
  });
  afterAll(() => api.close());

  const db = () => api.services.database.db;
  const welcomesTo = async (to: string) =>
    (await listOutbox(db(), { to })).filter((message) => message.subject === WELCOME);
  // A second sender, as after a restart: nobody wakes it, it finds what is due by itself.
  const restartedSender = () => startWelcomeEmails(api.services);

  it("sends the welcome a few moments after the answer, with a Message-ID fixed per reader", async () => {
    const response = await api.app.request(...postJson("/api/waitlist", { email: "soon@example.com" }));
    expect(response.status).toBe(200);
    await expect.poll(() => welcomesTo("soon@example.com").then((found) => found.length)).toBe(1);
    const [entry] = await db().select().from(waitlistEntries).where(eq(waitlistEntries.email, "soon@example.com"));
    const [welcome] = await welcomesTo("soon@example.com");
    expect(welcome?.messageId).toBe(`<welcome.${entry?.id}@localhost>`);
    expect(entry?.welcomeDueAt).toBeNull();
  });

  it("still sends a welcome recorded just before a crash, once the server is back", async () => {
    // The join committed, then the process died before its sender ran: the row is all that is left.
    await joinWaitlist(db(), { email: "crash@example.com", consentText: "yes" });
    await db()
      .update(waitlistEntries)
      .set({ welcomeDueAt: sql`now() - interval '1 second'` })
      .where(eq(waitlistEntries.email, "crash@example.com"));
    const sender = restartedSender();
    await sender.flush();
    await sender.stop();
    expect(await welcomesTo("crash@example.com")).toHaveLength(1);
  });

  it("resends after a sender died mid-send only once its claim has lapsed, under the same Message-ID", async () => {
    await joinWaitlist(db(), { email: "claimed@example.com", consentText: "yes" });
    // Another sender claimed it for two minutes and died: nobody takes it before the claim runs out.
    await db()
      .update(waitlistEntries)
      .set({ welcomeDueAt: sql`now() + interval '2 minutes'` })
      .where(eq(waitlistEntries.email, "claimed@example.com"));
    await api.services.welcomeEmails.flush();
    expect(await welcomesTo("claimed@example.com")).toHaveLength(0);
    await db()
      .update(waitlistEntries)
      .set({ welcomeDueAt: sql`now() - interval '1 second'` })
      .where(eq(waitlistEntries.email, "claimed@example.com"));
    await api.services.welcomeEmails.flush();
    const welcomes = await welcomesTo("claimed@example.com");
    expect(welcomes).toHaveLength(1);
    // Sent twice (the dead sender may have reached the mail server), the outbox keeps one.
    await db()
      .update(waitlistEntries)
      .set({ welcomeDueAt: sql`now() - interval '1 second'` })
      .where(eq(waitlistEntries.email, "claimed@example.com"));
    await api.services.welcomeEmails.flush();
    expect(await welcomesTo("claimed@example.com")).toHaveLength(1);
  });

  it("sends nothing to a reader who unsubscribed before her welcome went out", async () => {
    const entry = await joinWaitlist(db(), { email: "gone@example.com", consentText: "yes" });
    await unsubscribeWaitlistEntry(db(), entry.id, new Date());
    await api.services.welcomeEmails.flush();
    expect(await welcomesTo("gone@example.com")).toHaveLength(0);
  });

  it("welcomes each of 300 readers who join at once exactly once", async () => {
    const emails = Array.from({ length: 300 }, (_, index) => `crowd${index}@example.com`);
    const responses = await Promise.all(
      emails.map((email) => api.app.request(...postJson("/api/waitlist", { email }))),
    );
    expect(responses.every((response) => response.status === 200)).toBe(true);
    await api.services.welcomeEmails.flush();
    const outbox = await listOutbox(db(), { limit: 1_000 });
    const welcomed = outbox.filter((message) => message.subject === WELCOME && message.to.startsWith("crowd"));
    expect(new Set(welcomed.map((message) => message.to)).size).toBe(300);
    expect(welcomed).toHaveLength(300);
  });
});
