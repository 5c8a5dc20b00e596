import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { DatabaseHandle } from "../client.ts";
import { createTestDatabase, SPRING_WINDOW } from "../testing/index.ts";
import { cancelEnrollmentWindow, createEnrollmentWindow, listWindowsAhead, WindowOverlapError } from "./enrollment.ts";

describe("enrollment windows in the database", () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase(inject("databaseUrl"));
  });
  afterAll(() => database.close());

  const spring = SPRING_WINDOW;

  it("refuses an overlapping live window even without the API's check", async () => {
    await createEnrollmentWindow(database.db, spring);
    const clash = {
      ...spring,
      name: "Clash",
      priorityOpensAt: new Date("2027-03-20T00:00:00Z"),
      closesAt: new Date("2027-03-25T00:00:00Z"),
      publicOpensAt: new Date("2027-03-21T00:00:00Z"),
    };
    await expect(createEnrollmentWindow(database.db, clash)).rejects.toThrow(WindowOverlapError);
  });

  it("allows a window that starts when the other closes, and the same dates once the other is cancelled", async () => {
    const autumn = {
      ...spring,
      name: "Autumn",
      priorityOpensAt: spring.closesAt,
      publicOpensAt: new Date("2027-03-22T00:00:00Z"),
      closesAt: new Date("2027-03-23T00:00:00Z"),
    };
    const created = await createEnrollmentWindow(database.db, autumn);
    await cancelEnrollmentWindow(database.db, created.id, new Date());
    await expect(createEnrollmentWindow(database.db, { ...autumn, name: "Autumn again" })).resolves.toMatchObject({
      name: "Autumn again",
    });
  });

  it("refuses dates in the wrong order", async () => {
    await expect(
      createEnrollmentWindow(database.db, {
        ...spring,
        name: "Backwards",
        priorityOpensAt: new Date("2028-01-02"),
        publicOpensAt: new Date("2028-01-01"),
        closesAt: new Date("2028-01-03"),
      }),
    ).rejects.toThrow();
  });

  it("shows visitors the live window that has not closed yet", async () => {
    expect((await listWindowsAhead(database.db, new Date("2027-03-01T00:00:00Z")))[0]?.name).toBe("Spring");
    expect((await listWindowsAhead(database.db, spring.closesAt))[0]?.name).toBe("Autumn again");
    expect((await listWindowsAhead(database.db, new Date("2028-01-01")))[0]).toBeUndefined();
  });
});
