import { cancelEnrollmentWindow, createEnrollmentWindow } from "@academy/db/queries/enrollment";
import { saveLaunchEmail } from "@academy/db/queries/launch";
import { waitlistEntries } from "@academy/db/schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestServices, type TestServices } from "../testing.ts";
import {
  findWaitlistEntries,
  findWaitlistPage,
  loadAdminDashboard,
  loadWindowDetail,
  WAITLIST_PAGE_SIZE,
} from "./index.ts";

describe("admin reads", () => {
  let platform: TestServices;
  beforeAll(async () => {
    platform = await createTestServices();
    platform.setNow(new Date("2026-06-10T15:00:00Z"));
    const { db } = platform.services.database;
    const entry = (id: string, email: string, createdAt: string, unsubscribed = false) => ({
      id,
      email,
      firstName: email.split("@")[0] ?? null,
      consentText: "Tell me when doors open.",
      createdAt: new Date(createdAt),
      confirmedAt: new Date(createdAt),
      unsubscribedAt: unsubscribed ? new Date(createdAt) : null,
    });
    await db
      .insert(waitlistEntries)
      .values([
        entry("wl_1", "ruth@example.com", "2026-06-08T07:00:00Z"),
        entry("wl_2", "ana@example.com", "2026-06-08T21:00:00Z"),
        entry("wl_3", "mei@example.com", "2026-06-10T06:00:00Z", true),
        entry("wl_4", "old@example.com", "2026-05-01T06:00:00Z"),
      ]);
  });
  afterAll(() => platform.close());

  const window = (name: string, opens: string, closes: string) => ({
    name,
    priorityOpensAt: new Date(opens),
    publicOpensAt: new Date(new Date(opens).getTime() + 86_400_000),
    closesAt: new Date(closes),
    timeZone: "Europe/London",
    capacity: null,
  });

  it("shows the waitlist's size, a bar for each of the last days (empty ones too) and each window's phase", async () => {
    const { db } = platform.services.database;
    const open = await createEnrollmentWindow(db, window("June", "2026-06-10T08:00:00Z", "2026-06-20T20:00:00Z"));
    const cancelled = await createEnrollmentWindow(db, window("July", "2026-07-01T08:00:00Z", "2026-07-10T20:00:00Z"));
    await cancelEnrollmentWindow(db, cancelled.id, platform.services.clock.now());

    const dashboard = await loadAdminDashboard(platform.services, 3);

    expect(dashboard.waitlistCount).toBe(3);
    expect(dashboard.unconfirmedCount).toBe(0);
    expect(dashboard.signupsPerDay).toEqual([
      { day: "2026-06-08", count: 2 },
      { day: "2026-06-09", count: 0 },
      { day: "2026-06-10", count: 1 },
    ]);
    expect(dashboard.windows.map(({ id, phase }) => ({ id, phase }))).toEqual(
      expect.arrayContaining([
        { id: open.id, phase: "priority" },
        { id: cancelled.id, phase: "cancelled" },
      ]),
    );
  });

  it("finds waitlist entries by part of the email or first name", async () => {
    const found = await findWaitlistEntries(platform.services, "RUT");
    expect(found.map((entry) => entry.email)).toEqual(["ruth@example.com"]);
  });

  it("pages through the waitlist past its first 100 entries, with the count of every match", async () => {
    const { db } = platform.services.database;
    await db.insert(waitlistEntries).values(
      Array.from({ length: WAITLIST_PAGE_SIZE + 5 }, (_, index) => ({
        id: `wl_page_${String(index).padStart(3, "0")}`,
        email: `pager${index}@example.net`,
        consentText: "Tell me when doors open.",
        createdAt: new Date(Date.UTC(2026, 5, 1, 0, index)),
      })),
    );
    const first = await findWaitlistPage(platform.services, "@example.net", 1);
    expect([first.total, first.pageCount, first.entries.length]).toEqual([
      WAITLIST_PAGE_SIZE + 5,
      2,
      WAITLIST_PAGE_SIZE,
    ]);
    const last = await findWaitlistPage(platform.services, "@example.net", 5);
    expect(last.page).toBe(2);
    expect(last.entries.map((entry) => entry.id)).toEqual([
      "wl_page_004",
      "wl_page_003",
      "wl_page_002",
      "wl_page_001",
      "wl_page_000",
    ]);
  });

  it("shows a window's launch emails with their moments and states, and nothing for a window that does not exist", async () => {
    const { db } = platform.services.database;
    const autumn = await createEnrollmentWindow(db, window("Autumn", "2026-09-01T08:00:00Z", "2026-09-10T20:00:00Z"));
    const doorsOpenAt = new Date("2026-09-01T07:30:00Z");
    await saveLaunchEmail(db, {
      windowId: autumn.id,
      kind: "doors-open",
      sendAt: doorsOpenAt,
      status: "scheduled",
      jobId: null,
    });

    const detail = await loadWindowDetail(platform.services, autumn.id);

    expect(detail?.window.name).toBe("Autumn");
    expect(detail?.funnel.waitlist).toBe(3);
    expect(detail?.launches.map(({ kind, sendAt, status, past }) => ({ kind, sendAt, status, past }))).toEqual([
      { kind: "doors-open", sendAt: doorsOpenAt, status: "scheduled", past: false },
      { kind: "public-open", sendAt: autumn.publicOpensAt, status: "not scheduled", past: false },
      { kind: "closing-reminder", sendAt: new Date("2026-09-09T20:00:00Z"), status: "not scheduled", past: false },
    ]);
    expect(await loadWindowDetail(platform.services, "win_missing")).toBeUndefined();
  });
});

describe("admin counts of joins nobody confirmed", () => {
  let platform: TestServices;
  beforeAll(async () => {
    platform = await createTestServices();
    platform.setNow(new Date("2026-06-10T15:00:00Z"));
    const entry = (id: string, email: string, confirmed: boolean) => ({
      id,
      email,
      consentText: "Tell me when doors open.",
      createdAt: new Date("2026-06-10T06:00:00Z"),
      confirmedAt: confirmed ? new Date("2026-06-10T06:05:00Z") : null,
    });
    await platform.services.database.db
      .insert(waitlistEntries)
      .values([
        entry("wl_a", "ruth@example.com", true),
        entry("wl_b", "typed-by-someone@example.com", false),
        entry("wl_c", "not-yet@example.com", false),
      ]);
  });
  afterAll(() => platform.close());

  it("leaves them out of the waitlist's size and the chart, and shows them apart", async () => {
    const dashboard = await loadAdminDashboard(platform.services, 1);
    expect(dashboard.waitlistCount).toBe(1);
    expect(dashboard.unconfirmedCount).toBe(2);
    expect(dashboard.signupsPerDay).toEqual([{ day: "2026-06-10", count: 1 }]);
  });
});
