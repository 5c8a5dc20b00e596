import type { DatabaseHandle } from "@academy/db/client";
import { listEnrollmentWindows } from "@academy/db/queries/enrollment";
import { createTestDatabase } from "@academy/db/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seedSampleData } from "./seed.ts";

describe("seedSampleData", () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase(inject("databaseUrl"));
  });
  afterAll(() => database.close());

  it("adds the sample window once, and never again on later starts", async () => {
    const now = new Date("2026-11-25T12:00:00Z");
    expect(await seedSampleData(database.db, now)).toBe(true);
    expect(await seedSampleData(database.db, now)).toBe(false);
    const windows = await listEnrollmentWindows(database.db);
    expect(windows).toHaveLength(1);
    expect(windows[0]).toMatchObject({ name: "Sample enrollment", priorityOpensAt: new Date("2026-11-28T10:00:00Z") });
  });
});
