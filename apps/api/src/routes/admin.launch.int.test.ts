import { confirmWaitlistEntry, joinWaitlist, unsubscribeWaitlistEntry } from "@academy/db/queries/waitlist";
import { listOutbox } from "@academy/mail";
import { campaignIdFor, launchProgress, startLaunchWorkers } from "@academy/platform/launch";
import { readEnrollInviteToken } from "@academy/platform/waitlist";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, postJson, signIn, TEST_ADMIN_EMAIL, type TestApi, withCookie } from "../testing.ts";

const wall = (date: Date) => date.toISOString().slice(0, 19);

describe("launch emails", () => {
  let api: TestApi;
  let coach: string;
  let windowId: string;
  const subscribed: string[] = [];

  beforeAll(async () => {
    api = await createTestApi();
    // pg-boss schedules on the database's clock, so this suite runs on real time.
    api.setNow(new Date());
    coach = await signIn(api, TEST_ADMIN_EMAIL);
    const { db } = api.services.database;
    for (let index = 0; index < 40; index++) {
      const email = `reader${index}@example.com`;
      const joinedAt = new Date();
      const entry = await joinWaitlist(db, { email, firstName: `R${index}`, consentText: "yes", now: joinedAt });
      // Reader 3 never confirmed her address: she is not on the list, and hears nothing.
      if (index === 3) continue;
      await confirmWaitlistEntry(db, { id: entry.id, linkRequestedAt: joinedAt, now: new Date() });
      if (index === 7) await unsubscribeWaitlistEntry(db, entry.id, new Date());
      else subscribed.push(email);
    }
    const now = Date.now();
    const response = await api.app.request(
      ...withCookie(
        coach,
        postJson("/api/admin/windows", {
          name: "Summer",
          timeZone: "UTC",
          priorityOpensAt: wall(new Date(now + 3_000)),
          publicOpensAt: wall(new Date(now + 86_400_000)),
          closesAt: wall(new Date(now + 3 * 86_400_000)),
        }),
      ),
    );
    windowId = (await response.json()).window.id;
  });
  afterAll(() => api.close());

  it("previews and test-sends the doors-open email to the coach herself", async () => {
    const preview = await api.app.request(
      ...withCookie(coach, [`/api/admin/windows/${windowId}/launches/doors-open/preview`, {}]),
    );
    expect(preview.headers.get("content-type")).toContain("text/html");
    const previewHtml = await preview.text();
    expect(previewHtml).toContain("Enrollment for Strong Stride Academy is open");
    expect(previewHtml).toContain("Enroll with my early access");
    // The window's name is the coach's own label: the email never shows it to buyers.
    expect(previewHtml).not.toContain("Summer");
    const test = await api.app.request(
      ...withCookie(coach, postJson(`/api/admin/windows/${windowId}/launches/doors-open/test`, {})),
    );
    expect(await test.json()).toEqual({ sent: true, to: TEST_ADMIN_EMAIL });
    const [message] = await listOutbox(api.services.database.db, { to: TEST_ADMIN_EMAIL, limit: 1 });
    expect(message?.subject).toBe("[Test] Doors are open: your early access starts now");
  });

  it("sends the doors-open email at the priority instant, once to each confirmed, subscribed reader, with her personal link", async () => {
    const scheduled = await api.app.request(
      ...withCookie(coach, postJson(`/api/admin/windows/${windowId}/launches/doors-open`, {})),
    );
    expect(scheduled.status).toBe(200);
    const worker = await startLaunchWorkers(api.services);
    try {
      let progress = await launchProgress(api.services.jobs, windowId, "doors-open");
      for (let tries = 0; tries < 60 && (!progress || progress.sent < subscribed.length); tries++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        progress = await launchProgress(api.services.jobs, windowId, "doors-open");
      }
      expect(progress).toMatchObject({ recipients: subscribed.length, sent: subscribed.length, failed: 0 });
    } finally {
      await worker.stop();
    }
    const all = await listOutbox(api.services.database.db, { limit: 500 });
    const doorsOpen = all.filter((message) => message.subject === "Doors are open: your early access starts now");
    expect(doorsOpen.map((message) => message.to).sort()).toEqual([...subscribed].sort());
    expect(doorsOpen.every((message) => message.messageId?.includes(campaignIdFor(windowId, "doors-open")))).toBe(true);
    const link = /Enroll with my early access: (\S+)/.exec(doorsOpen[0]?.text ?? "")?.[1] ?? "";
    const invite = new URL(link).searchParams.get("invite") ?? "";
    expect(readEnrollInviteToken(api.services.appSecret, invite)).toMatch(/^wl_/);
    expect(doorsOpen[0]?.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
  });

  it("reports the progress to the coach, and refuses to schedule a moment that has passed", async () => {
    const response = await api.app.request(...withCookie(coach, [`/api/admin/windows/${windowId}/launches`, {}]));
    const { launches } = await response.json();
    expect(launches.find((launch: { kind: string }) => launch.kind === "doors-open")).toMatchObject({
      status: "sent",
      progress: { recipients: subscribed.length, sent: subscribed.length, failed: 0 },
    });
    api.setNow(new Date(Date.now() + 2 * 86_400_000));
    const late = await api.app.request(
      ...withCookie(coach, postJson(`/api/admin/windows/${windowId}/launches/public-open`, {})),
    );
    expect(late.status).toBe(409);
  });
});
