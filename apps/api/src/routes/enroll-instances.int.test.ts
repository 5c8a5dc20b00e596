import { findOrCreateUser } from "@academy/auth";
import { joinLine } from "@academy/db/queries/enroll-line";
import { createEnrollmentWindow } from "@academy/db/queries/enrollment";
import { confirmWaitlistEntry, joinWaitlist } from "@academy/db/queries/waitlist";
import { checkoutSessions, enrollOpenings } from "@academy/db/schema";
import { createEnrollment, type Enrollment, lineTicket } from "@academy/platform/enrollment";
import { enrollInviteToken } from "@academy/platform/waitlist";
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import { createTestApi, OPEN_WINDOW, postJson, type TestApi } from "../testing.ts";

/** One instance of the app: its own Enrollment service (pacers, claims) on the shared database and Stripe. */
interface Instance {
  enrollment: Enrollment;
  app: ReturnType<typeof createApp>;
}

function startInstance(api: TestApi, pace: { perSecond: number; callsPerSecond: number }): Instance {
  const enrollment = createEnrollment({ ...api.services, ...pace });
  return { enrollment, app: createApp({ ...api.services, enrollment }) };
}

async function invitesFor(api: TestApi, emails: string[]): Promise<string[]> {
  const db = api.services.database.db;
  return Promise.all(
    emails.map(async (email) => {
      const { id } = await joinWaitlist(db, { email, consentText: "yes" });
      await confirmWaitlistEntry(db, { id, linkRequestedAt: new Date(), now: new Date() });
      return enrollInviteToken(api.services.appSecret, id);
    }),
  );
}

/** Follows her place in line on the given instances in turn, as a line page behind a load balancer would. */
async function followLine(instances: Instance[], statusUrl: string): Promise<string> {
  for (let look = 0; look < 120; look++) {
    const instance = instances[look % instances.length] as Instance;
    const response = await instance.app.request(statusUrl);
    const body = await response.json();
    if (response.status === 200) return body.checkoutUrl;
    expect(response.status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`still in line: ${statusUrl}`);
}

describe("two instances on one database", () => {
  let api: TestApi;
  let windowId: string;
  beforeAll(async () => {
    api = await createTestApi();
    windowId = (await createEnrollmentWindow(api.services.database.db, OPEN_WINDOW)).id;
  });
  afterAll(() => api.close());

  const checkoutsOf = (userId: string) =>
    api.services.database.db
      .select()
      .from(checkoutSessions)
      .where(and(eq(checkoutSessions.userId, userId), eq(checkoutSessions.windowId, windowId)));

  it("share Stripe's pace: people enrolling on both go no faster than the budget summed over both", async () => {
    // Four Stripe calls a second in all: each new person needs two (her customer, her checkout).
    const pace = { perSecond: 4, callsPerSecond: 4 };
    const [first, second] = [startInstance(api, pace), startInstance(api, pace)];
    const invites = await invitesFor(
      api,
      Array.from({ length: 8 }, (_, index) => `paced${index}@example.com`),
    );
    const started = performance.now();
    const responses = await Promise.all(
      invites.map((invite, index) =>
        ((index % 2 === 0 ? first : second) as Instance).app.request(...postJson("/api/enroll", { invite })),
      ),
    );
    const bodies = await Promise.all(responses.map((response) => response.json()));
    const urls = await Promise.all(
      bodies.map((body, index) =>
        responses[index]?.status === 200
          ? (body.checkoutUrl as string)
          : followLine([first as Instance, second as Instance], body.statusUrl),
      ),
    );
    expect(new Set(urls).size).toBe(8);
    // 16 calls at 4/s in all: the last starts 3.75 s after the first. Each instance on its own pace would
    // have made its eight in under 2 s.
    expect(performance.now() - started).toBeGreaterThanOrEqual(3_500);
  }, 60_000);

  it("answer the same place for the same ticket, and a ticket checked on the other joins the opening under way", async () => {
    // One call every two seconds: the line stands still long enough to look at it from both sides.
    const pace = { perSecond: 0.5, callsPerSecond: 24 };
    const [first, second] = [startInstance(api, pace), startInstance(api, pace)];
    const invites = await invitesFor(
      api,
      Array.from({ length: 4 }, (_, index) => `same${index}@example.com`),
    );
    const responses = await Promise.all(
      invites.map((invite) => (first as Instance).app.request(...postJson("/api/enroll", { invite }))),
    );
    const answers = [];
    for (const response of responses) {
      // The first may find her turn close enough to wait for it; the others are in line.
      if (response.status === 200) continue;
      expect(response.status).toBe(202);
      answers.push(await response.json());
    }
    expect(answers.length).toBeGreaterThanOrEqual(3);
    // The one furthest back, with people ahead of her.
    const last = answers.reduce((furthest, answer) => (answer.ahead > furthest.ahead ? answer : furthest));
    expect(last.ahead).toBeGreaterThanOrEqual(1);
    // People ahead of her, as an instance answers (-1 once her checkout is open: nobody is).
    const aheadOn = async (instance: Instance) => {
      const body = await (await instance.app.request(last.statusUrl)).json();
      return typeof body.ahead === "number" ? body.ahead : -1;
    };
    // The line only moves forward, so the other instance's answer lies between this one's just before and
    // just after it: the same place whenever the line did not move in between (with a turn every two seconds,
    // nearly always), never a place of its own.
    const before = await aheadOn(first as Instance);
    const onSecond = await aheadOn(second as Instance);
    const after = await aheadOn(first as Instance);
    expect(onSecond).toBeLessThanOrEqual(before);
    expect(onSecond).toBeGreaterThanOrEqual(after);
    // Followed on both instances in turn, every ticket ends at one checkout: no instance opened a second one.
    const urls = await Promise.all(
      answers.map((answer) => followLine([second as Instance, first as Instance], answer.statusUrl)),
    );
    expect(new Set(urls).size).toBe(answers.length);
    for (const email of ["same1@example.com", "same3@example.com"]) {
      const user = await findOrCreateUser(api.services.database.db, email);
      expect(await checkoutsOf(user.id)).toHaveLength(1);
    }
  }, 60_000);

  it("take over an opening whose instance died, at her place in line", async () => {
    const db = api.services.database.db;
    const survivor = startInstance(api, { perSecond: 20, callsPerSecond: 24 });
    const her = await findOrCreateUser(db, "orphaned@example.com");
    const others = await Promise.all(
      ["after1@example.com", "after2@example.com"].map((email) => findOrCreateUser(db, email)),
    );
    // What an instance killed while opening her checkout leaves: her row claimed under a lease that ran out,
    // and the people who joined after her still waiting.
    await joinLine(db, { holder: her.id, windowId, priority: "proven", prefillEmail: undefined });
    for (const other of others)
      await joinLine(db, { holder: other.id, windowId, priority: "proven", prefillEmail: undefined });
    await db
      .update(enrollOpenings)
      .set({ state: "opening", leaseHolder: "ins_dead", leaseUntil: new Date(Date.now() - 1_000) })
      .where(and(eq(enrollOpenings.holder, her.id), eq(enrollOpenings.windowId, windowId)));
    const [mine] = await db
      .select({ number: enrollOpenings.number })
      .from(enrollOpenings)
      .where(and(eq(enrollOpenings.holder, her.id), eq(enrollOpenings.windowId, windowId)));
    const [{ ahead } = { ahead: -1 }] = await db
      .select({ ahead: sql<number>`count(*)::int` })
      .from(enrollOpenings)
      .where(
        and(
          eq(enrollOpenings.priority, "proven"),
          inArray(enrollOpenings.state, ["waiting", "opening"]),
          lt(enrollOpenings.number, mine?.number ?? 0),
        ),
      );
    const ticket = lineTicket(api.services.appSecret, { kind: "account", userId: her.id }, windowId);
    const statusUrl = `/api/enroll/line?ticket=${encodeURIComponent(ticket)}`;
    const first = await survivor.app.request(statusUrl);
    // Still at her place (or further on), not sent to the back behind the people who came after her.
    if (first.status === 202) expect((await first.json()).ahead).toBeLessThanOrEqual(ahead);
    const url = await followLine([survivor], statusUrl);
    expect(url).toMatch(/\/checkout\/cs_test_/);
    expect(await checkoutsOf(her.id)).toHaveLength(1);
    const [row] = await db
      .select()
      .from(enrollOpenings)
      .where(and(eq(enrollOpenings.holder, her.id), eq(enrollOpenings.windowId, windowId)));
    expect(row?.state).toBe("open");
  }, 60_000);
});
