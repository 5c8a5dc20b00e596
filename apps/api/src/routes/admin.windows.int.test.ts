import { getLaunchEmail } from "@academy/db/queries/launch";
import { confirmWaitlistEntry, joinWaitlist } from "@academy/db/queries/waitlist";
import { listOutbox } from "@academy/mail";
import { launchProgress, startLaunchWorkers } from "@academy/platform/launch";
import { readPageMessage } from "@academy/platform/page-messages";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createTestApi,
  pageMessageFrom,
  postForm,
  postJson,
  signIn,
  TEST_ADMIN_EMAIL,
  TEST_SITE_URL,
  type TestApi,
  withCookie,
} from "../testing.ts";

const wall = (date: Date) => date.toISOString().slice(0, 16);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe("the coach edits a window's dates and its launch emails", () => {
  let api: TestApi;
  let coach: string;
  let windowId: string;
  const readers = ["ada@example.com", "bea@example.com", "cyd@example.com"];
  const dates = (start: number) => ({
    name: "Autumn",
    timeZone: "UTC",
    priorityOpensAt: wall(new Date(start)),
    publicOpensAt: wall(new Date(start + 2 * DAY)),
    closesAt: wall(new Date(start + 5 * DAY)),
  });

  beforeAll(async () => {
    api = await createTestApi();
    // pg-boss schedules on the database's clock, so this suite runs on real time.
    api.setNow(new Date());
    coach = await signIn(api, TEST_ADMIN_EMAIL);
    const { db } = api.services.database;
    for (const email of readers) {
      const entry = await joinWaitlist(db, { email, consentText: "yes", now: new Date() });
      await confirmWaitlistEntry(db, { id: entry.id, linkRequestedAt: new Date(), now: new Date() });
    }
    const created = await api.app.request(
      ...withCookie(coach, postJson("/api/admin/windows", dates(Date.now() + 10 * DAY))),
    );
    windowId = (await created.json()).window.id;
  });
  afterAll(() => api.close());

  const request = (path: string, form?: Record<string, string>) =>
    api.app.request(...withCookie(coach, form ? postForm(path, form) : postJson(path, {})));
  /** The form a failed save sends back, as the page reads it (only when the API signed it). */
  const typedForm = (response: Response) => {
    const location = new URL(response.headers.get("location") ?? "", TEST_SITE_URL);
    return JSON.parse(readPageMessage(api.services.appSecret, location, "window_form", 4000) ?? "{}");
  };
  const launch = (kind: string) => getLaunchEmail(api.services.database.db, windowId, kind);

  it("saving goes back to the window's page with a notice, and a scheduled email follows its date", async () => {
    expect((await request(`/api/admin/windows/${windowId}/launches/public-open`)).status).toBe(200);
    const before = await launch("public-open");

    const later = dates(Date.now() + 20 * DAY);
    const saved = await request(`/api/admin/windows/${windowId}`, later);

    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toMatch(new RegExp(`^/admin/windows/${windowId}\\?notice=`));
    expect(pageMessageFrom(api, saved, "notice")).toBe('Saved "Autumn".');
    const after = await launch("public-open");
    expect(after).toMatchObject({ status: "scheduled", sendAt: new Date(`${later.publicOpensAt}:00Z`) });
    expect(after?.jobId).not.toBe(before?.jobId);
    const job = await api.services.jobs.boss.getJobById("launch-prepare", after?.jobId ?? "");
    expect(job?.startAfter).toEqual(new Date(`${later.publicOpensAt}:00Z`));
  });

  it("moving a date to the past asks her to send now or skip, instead of silently cancelling the email", async () => {
    const now = Date.now();
    const moved = await request(`/api/admin/windows/${windowId}`, {
      ...dates(now - DAY),
      publicOpensAt: wall(new Date(now - HOUR)),
    });

    expect(moved.status).toBe(303);
    expect(moved.headers.get("location")).toContain("#launch");
    expect(pageMessageFrom(api, moved, "notice")).toBe(
      "Saved. The moment of one launch email has passed: send now or skip, below.",
    );
    expect(await launch("public-open")).toMatchObject({ status: "awaiting decision", jobId: null });
    const { launches } = await (
      await api.app.request(...withCookie(coach, [`/api/admin/windows/${windowId}/launches`, {}]))
    ).json();
    expect(launches.find((row: { kind: string }) => row.kind === "public-open")?.status).toBe("awaiting decision");
  });

  it("sends an email now, to each reader exactly once, however often she clicks", async () => {
    const worker = await startLaunchWorkers(api.services);
    try {
      const clicks = await Promise.all([
        request(`/api/admin/windows/${windowId}/launches/public-open/send-now`),
        request(`/api/admin/windows/${windowId}/launches/public-open/send-now`),
      ]);
      expect(clicks.map((click) => click.status)).toContain(200);
      await vi.waitFor(
        async () => {
          const progress = await launchProgress(api.services.jobs, windowId, "public-open");
          expect(progress).toMatchObject({ status: "completed", sent: readers.length, failed: 0 });
        },
        { timeout: 30_000, interval: 200 },
      );
      const again = await request(`/api/admin/windows/${windowId}/launches/public-open/send-now`);
      expect(again.status).toBe(409);
      expect((await again.json()).error.message).toBe("This email has already gone out.");
    } finally {
      await worker.stop();
    }
    const outbox = await listOutbox(api.services.database.db, { limit: 100 });
    const sent = outbox.filter((message) => message.subject === "Enrollment is open to everyone");
    expect(sent.map((message) => message.to).sort()).toEqual(readers);
    expect(await launch("public-open")).toMatchObject({ status: "sent" });
  });

  it("a form that cannot be saved comes back with what she typed, her time zone and the message by its field", async () => {
    const typed = {
      name: "Winter",
      timeZone: "Europe/Lisbon",
      priorityOpensAt: "2030-01-10T09:00",
      publicOpensAt: "2030-01-12T09:00",
      closesAt: "2030-01-11T09:00",
      capacity: "40",
    };
    const response = await request("/api/admin/windows", typed);

    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toMatch(/^\/admin\/windows\/new\?error=/);
    expect(pageMessageFrom(api, response, "error")).toBe("Doors must close after they open to the public.");
    const form = typedForm(response);
    expect(form).toEqual({
      values: typed,
      errors: { closesAt: "Doors must close after they open to the public." },
    });

    const onItsPage = await request(`/api/admin/windows/${windowId}`, { ...typed, name: "" });
    expect(onItsPage.headers.get("location")).toMatch(new RegExp(`^/admin/windows/${windowId}\\?error=`));
    expect(typedForm(onItsPage).values.timeZone).toBe("Europe/Lisbon");
  });
});
