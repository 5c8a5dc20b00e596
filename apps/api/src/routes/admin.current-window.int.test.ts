import { createEnrollmentWindow } from "@academy/db/queries/enrollment";
import { createCurrentWindow } from "@academy/platform/doors";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestApi,
  postJson,
  SPRING_WINDOW_FORM,
  signIn,
  TEST_ADMIN_EMAIL,
  type TestApi,
  withCookie,
} from "../testing.ts";

const HOUR = 3_600_000;

describe("the current window, read at most once a second", () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
  });
  afterAll(() => api.close());

  const windowAt = (start: Date, name: string) => ({
    name,
    priorityOpensAt: start,
    publicOpensAt: new Date(start.getTime() + HOUR),
    closesAt: new Date(start.getTime() + 2 * HOUR),
    timeZone: "UTC",
    capacity: null,
  });

  it("sees a window that closes and the next one that opens at their instants, from one read", async () => {
    const db = api.services.database.db;
    const start = new Date("2030-01-01T10:00:00Z");
    await createEnrollmentWindow(db, windowAt(start, "First"));
    await createEnrollmentWindow(db, windowAt(new Date(start.getTime() + 3 * HOUR), "Second"));
    const doors = createCurrentWindow(db, { maxAgeMs: 60_000 });
    expect((await doors.at(start))?.name).toBe("First");
    expect((await doors.at(new Date(start.getTime() + 2 * HOUR - 1)))?.name).toBe("First");
    expect((await doors.at(new Date(start.getTime() + 2 * HOUR)))?.name).toBe("Second");
    expect(await doors.at(new Date(start.getTime() + 5 * HOUR))).toBeUndefined();
  });

  it("keeps what it read until it is told to forget, as the coach's edits do", async () => {
    const db = api.services.database.db;
    const doors = createCurrentWindow(db, { maxAgeMs: 60_000 });
    const now = new Date("2031-06-01T09:00:00Z");
    expect(await doors.at(now)).toBeUndefined();
    await createEnrollmentWindow(db, windowAt(new Date("2031-06-02T09:00:00Z"), "Later"));
    expect(await doors.at(now)).toBeUndefined();
    doors.forget();
    expect((await doors.at(now))?.name).toBe("Later");
  });

  it("shows the coach's new window to the enroll endpoint at once", async () => {
    // The app's own reader, kept a minute: only the admin route's forget() can make the new window appear.
    const cached = await createTestApi();
    try {
      cached.services.currentWindow = createCurrentWindow(cached.services.database.db, { maxAgeMs: 60_000 });
      const coach = await signIn(cached, TEST_ADMIN_EMAIL);
      const enroll = async () => {
        const response = await cached.app.request(...postJson("/api/enroll", { email: "early@example.com" }));
        return (await response.json()).error.code;
      };
      expect(await enroll()).toBe("doors_closed");
      const created = await cached.app.request(
        ...withCookie(coach, postJson("/api/admin/windows", SPRING_WINDOW_FORM)),
      );
      expect(created.status).toBe(201);
      expect(await enroll()).toBe("not_open_yet");
    } finally {
      await cached.close();
    }
  });
});
