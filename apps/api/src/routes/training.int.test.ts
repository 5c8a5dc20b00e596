import { saveSubscription } from "@academy/db/queries/billing";
import { users } from "@academy/db/schema";
import { loadMemberContext, loadMemberRecords, openCalendarLink } from "@academy/platform/training";
import { prescribeWeek, type StrengthPrescription } from "@academy/programming";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApi, pageMessageFrom, postForm, postJson, signIn, type TestApi, withCookie } from "../testing.ts";

/** A member: signed in, with an active subscription (as a Stripe sync would have written it). */
async function createMember(
  api: TestApi,
  email: string,
  overrides: Partial<{ status: string; pausedAt: Date | null }> = {},
) {
  const cookie = await signIn(api, email);
  const [user] = await api.services.database.db.select().from(users).where(eq(users.email, email));
  if (!user) throw new Error("no user");
  await saveSubscription(api.services.database.db, {
    id: `sub_${user.id}`,
    userId: user.id,
    stripeCustomerId: `cus_${user.id}`,
    status: "active",
    priceId: "price_monthly",
    currentPeriodEnd: new Date("2027-05-01T00:00:00Z"),
    cancelAtPeriodEnd: false,
    pausedAt: null,
    pastDueSince: null,
    windowId: null,
    ...overrides,
  });
  return { cookie, userId: user.id };
}

const profile = {
  planSlug: "strong-runner-foundations",
  startDate: "2027-04-05",
  availableDays: ["mon", "wed", "fri", "sat"],
  currentWeeklyRunningMinutes: 90,
  experience: "returning",
};

describe("a member's training", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
    api.setNow(new Date("2027-04-06T08:00:00Z"));
  });
  afterAll(() => api.close());

  const contextFor = async (userId: string, now: Date) => {
    const context = await loadMemberContext(api.services.database.db, api.services.plans, userId, now);
    if (!context) throw new Error("she has no plan set up");
    return context;
  };

  const splitSquatIn = (week: ReturnType<typeof prescribeWeek>) =>
    week.sessions
      .filter((session) => session.status !== "done")
      .map((session) => session.prescription)
      .filter((prescription): prescription is StrengthPrescription => prescription.type === "strength")
      .flatMap((prescription) => prescription.exercises)
      .find((exercise) => exercise.exerciseId === "split-squat");

  it("is closed to people who are not members, and to paused members", async () => {
    const cookie = await signIn(api, "reader@example.com");
    const response = await api.app.request(...withCookie(cookie, postJson("/api/training/profile", profile)));
    expect(response.status).toBe(403);
    expect((await response.json()).error.message).toContain("This is for members");
    const paused = await createMember(api, "paused@example.com", { pausedAt: new Date("2027-04-01") });
    expect(
      (await api.app.request(...withCookie(paused.cookie, postJson("/api/training/profile", profile)))).status,
    ).toBe(403);
  });

  it("turns a logged top-of-range strength session into added load next time", async () => {
    const { cookie, userId } = await createMember(api, "runner@example.com");
    expect((await api.app.request(...withCookie(cookie, postJson("/api/training/profile", profile)))).status).toBe(200);

    const before = prescribeWeek(await contextFor(userId, api.services.clock.now()));
    const first = splitSquatIn(before);
    expect(first?.load.kind).toBe("choose");
    const top = first?.reps.max ?? 0;

    const form = {
      submissionId: "form-4f1c2b9a",
      type: "strength",
      sessionId: "w1-strength-a",
      date: "2027-04-05",
      durationMinutes: "40",
      rpe: "7",
      returnTo: "/courses/strong-runner-foundations/split-squat",
      "exercises.0.exerciseId": "split-squat",
      "exercises.0.sets.0.reps": String(top),
      "exercises.0.sets.0.loadKg": "10",
      "exercises.0.sets.0.rir": "3",
      "exercises.0.sets.1.reps": String(top),
      "exercises.0.sets.1.loadKg": "10",
      "exercises.0.sets.1.rir": "3",
    };
    const logged = await api.app.request(...withCookie(cookie, postForm("/api/training/logs", form)));
    expect(logged.status).toBe(303);
    expect(logged.headers.get("location")).toBe("/courses/strong-runner-foundations/split-squat#logged");

    // Split squats come back in next week's first strength session.
    const nextWeek = new Date("2027-04-12T08:00:00Z");
    const after = prescribeWeek(await contextFor(userId, nextWeek));
    const next = splitSquatIn(after);
    expect(next?.load).toEqual({ kind: "kg", kg: 12 });
    expect(next?.decision).toBe("increase-load");
  });

  it("stores a resubmitted log once", async () => {
    const { cookie, userId } = await createMember(api, "double@example.com");
    await api.app.request(...withCookie(cookie, postJson("/api/training/profile", profile)));
    const run = {
      submissionId: "run-submission-1",
      type: "run",
      sessionId: "w1-run-1",
      date: "2027-04-05",
      minutes: 30,
      rpe: 4,
    };
    const first = await api.app.request(...withCookie(cookie, postJson("/api/training/logs", run)));
    const again = await api.app.request(...withCookie(cookie, postJson("/api/training/logs", run)));
    expect(await first.json()).toEqual({ logged: true, duplicate: false });
    expect(await again.json()).toEqual({ logged: true, duplicate: true });
    const context = await loadMemberContext(
      api.services.database.db,
      api.services.plans,
      userId,
      api.services.clock.now(),
    );
    expect(context?.logs).toHaveLength(1);
  });

  it("explains a log that makes no sense", async () => {
    const { cookie } = await createMember(api, "typo@example.com");
    await api.app.request(...withCookie(cookie, postJson("/api/training/profile", profile)));
    const response = await api.app.request(
      ...withCookie(
        cookie,
        postJson("/api/training/logs", {
          submissionId: "bad-log-0001",
          type: "run",
          date: "2027-04-05",
          minutes: -5,
          rpe: 4,
        }),
      ),
    );
    expect(response.status).toBe(422);
    const { error } = await response.json();
    expect(error).toMatchObject({ code: "invalid_log", fields: { minutes: "Check minutes: enter at least 0." } });
    expect(error.message).toBe("Check minutes: enter at least 0.");

    const stray = await api.app.request(
      ...withCookie(
        cookie,
        postJson("/api/training/logs", {
          submissionId: "stray-log-0001",
          type: "run",
          sessionId: "w99-run-1",
          date: "2027-04-05",
          minutes: 30,
          rpe: 4,
        }),
      ),
    );
    expect(stray.status).toBe(422);
    expect((await stray.json()).error).toMatchObject({
      code: "unknown_session",
      message: 'Session "w99-run-1" is not in your plan.',
      fields: { sessionId: 'Session "w99-run-1" is not in your plan.' },
    });
  });

  it("sends a form from someone who is not a member back to its page, saying why", async () => {
    const cookie = await signIn(api, "visitor@example.com");
    const lesson = "/courses/strong-runner-foundations/split-squat";
    const response = await api.app.request(
      ...withCookie(
        cookie,
        postForm("/api/training/logs", {
          submissionId: "visitor-log-1",
          type: "run",
          sessionId: "w1-run-1",
          date: "2027-04-05",
          minutes: "30",
          rpe: "4",
          returnTo: lesson,
        }),
      ),
    );
    expect(response.status).toBe(303);
    const back = new URL(response.headers.get("location") ?? "", "http://x");
    expect(back.pathname).toBe(lesson);
    expect(back.hash).toBe("#log-error");
    expect(pageMessageFrom(api, response, "log_error")).toContain("This is for members");
    expect(back.searchParams.get("log_session")).toBe("w1-run-1");
  });

  it("marks a lesson complete and undoes it, from the lesson's form or as JSON", async () => {
    const { cookie, userId } = await createMember(api, "lessons@example.com");
    const lesson = "/courses/strong-runner-foundations/hip-hinge";
    const completedLessons = async () =>
      (await loadMemberRecords(api.services.database.db, userId, api.services.clock.now())).completedLessons;

    const done = await api.app.request(
      ...withCookie(
        cookie,
        postForm("/api/training/lessons/hip-hinge/complete", { returnTo: `${lesson}?completed=1` }),
      ),
    );
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe(`${lesson}?completed=1`);
    expect(await completedLessons()).toEqual(["hip-hinge"]);

    const undone = await api.app.request(
      ...withCookie(cookie, postForm("/api/training/lessons/hip-hinge/complete", { undo: "1", returnTo: lesson })),
    );
    expect(undone.headers.get("location")).toBe(lesson);
    expect(await completedLessons()).toEqual([]);

    const json = await api.app.request(
      ...withCookie(cookie, postJson("/api/training/lessons/split-squat/complete", {})),
    );
    expect(await json.json()).toEqual({ completed: true });
    expect(await completedLessons()).toEqual(["split-squat"]);
  });

  it("sends a form with a mistake back to its page with the message, and takes a blank optional field", async () => {
    const { cookie, userId } = await createMember(api, "forms@example.com");
    const lesson = "/courses/strong-runner-foundations/breathing-and-pressure";
    const oneDay = await api.app.request(
      ...withCookie(
        cookie,
        postForm("/api/training/profile", {
          planSlug: profile.planSlug,
          startDate: profile.startDate,
          availableDays: "mon",
          currentWeeklyRunningMinutes: "90",
          experience: "returning",
          returnTo: lesson,
        }),
      ),
    );
    expect(oneDay.status).toBe(303);
    const planBack = new URL(oneDay.headers.get("location") ?? "", "http://x");
    expect(planBack.pathname).toBe(lesson);
    expect(pageMessageFrom(api, oneDay, "plan_error")).toBe("Choose 2 to 6 days you can train.");
    expect(await loadMemberContext(api.services.database.db, api.services.plans, userId, new Date())).toBeUndefined();

    const saved = await api.app.request(...withCookie(cookie, postJson("/api/training/profile", profile)));
    expect(saved.status).toBe(200);
    const strength = {
      submissionId: "form-missing-load",
      type: "strength",
      sessionId: "w1-strength-a",
      date: "2027-04-05",
      durationMinutes: "40",
      rpe: "7",
      returnTo: `${lesson}?logged=w1-run-1`,
      "exercises.0.exerciseId": "split-squat",
      "exercises.0.sets.0.reps": "15",
      "exercises.0.sets.0.loadKg": "",
      "exercises.0.sets.0.rir": "3",
    };
    const missing = await api.app.request(...withCookie(cookie, postForm("/api/training/logs", strength)));
    expect(missing.status).toBe(303);
    const logBack = new URL(missing.headers.get("location") ?? "", "http://x");
    expect(logBack.pathname).toBe(lesson);
    expect(logBack.hash).toBe("#log-error");
    expect(logBack.searchParams.get("logged")).toBeNull();
    expect(logBack.searchParams.get("log_session")).toBe("w1-strength-a");
    expect(pageMessageFrom(api, missing, "log_error")).toBe(
      "Check the load (kg) of set 1 of Dumbbell split squat: enter a number.",
    );

    const run = await api.app.request(
      ...withCookie(
        cookie,
        postForm("/api/training/logs", {
          submissionId: "form-run-no-distance",
          type: "run",
          sessionId: "w1-run-1",
          date: "2027-04-05",
          minutes: "25",
          distanceKm: "",
          rpe: "3",
          returnTo: lesson,
        }),
      ),
    );
    expect(run.headers.get("location")).toBe(`${lesson}#logged`);
    const context = await loadMemberContext(api.services.database.db, api.services.plans, userId, new Date());
    expect(context?.logs).toEqual([{ type: "run", sessionId: "w1-run-1", date: "2027-04-05", minutes: 25, rpe: 3 }]);
  });

  it("serves her plan as an iCal feed at a secret URL she can reset", async () => {
    const { cookie } = await createMember(api, "calendar@example.com");
    await api.app.request(...withCookie(cookie, postJson("/api/training/profile", profile)));
    const { url } = await (
      await api.app.request(...withCookie(cookie, postJson("/api/training/calendar/reset", {})))
    ).json();
    const path = new URL(url).pathname;
    const feed = await api.app.request(path);
    expect(feed.status).toBe(200);
    expect(feed.headers.get("content-type")).toContain("text/calendar");
    const text = await feed.text();
    expect(text.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(text).toContain("BEGIN:VEVENT");

    const fromDashboard = await api.app.request(...withCookie(cookie, postForm("/api/training/calendar/reset", {})));
    expect(fromDashboard.status).toBe(303);
    const shown = new URL(fromDashboard.headers.get("location") ?? "", "http://x");
    expect(shown.pathname).toBe("/dashboard");
    expect(shown.hash).toBe("#calendar");
    // The new secret never goes in the page address (browser history): a signed, two-minute cookie for the dashboard.
    expect(shown.search).toBe("");
    const handOver = fromDashboard.headers.get("set-cookie") ?? "";
    expect(handOver).toMatch(/^calendar_link=/);
    expect(handOver).toContain("Path=/dashboard");
    expect(handOver).toContain("HttpOnly");
    expect(handOver).toContain("Max-Age=120");
    const sealed = decodeURIComponent(handOver.slice("calendar_link=".length).split(";")[0] ?? "");
    const newUrl = openCalendarLink(api.services.appSecret, sealed, {
      siteUrl: api.services.siteUrl,
      now: api.services.clock.now(),
    });
    expect(newUrl).toMatch(/\/api\/calendar\/[a-z2-7]+\.ics$/);
    expect((await api.app.request(new URL(newUrl ?? "").pathname)).status).toBe(200);
    expect((await api.app.request(path)).status).toBe(404);
  });
});
