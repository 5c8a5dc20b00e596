import type { DatabaseHandle } from "@academy/db/client";
import { emailSuppressions } from "@academy/db/schema";
import { createTestDatabase } from "@academy/db/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { isSuppressed, suppressAddress, suppressedAmong } from "./suppression.ts";

describe("the suppression list", () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase(inject("databaseUrl"));
  });
  afterAll(() => database.close());

  it("suppresses an address however it is typed, and keeps the first reason when told again", async () => {
    const { db } = database;
    const first = new Date("2026-11-01T10:00:00Z");
    expect(
      await suppressAddress(db, {
        email: " Ruth@Example.com ",
        reason: "hard_bounce",
        source: "webhook:ses",
        at: first,
      }),
    ).toBe(true);
    expect(
      await suppressAddress(db, {
        email: "ruth@example.com",
        reason: "complaint",
        source: "webhook:ses",
        at: new Date("2026-11-02T10:00:00Z"),
      }),
    ).toBe(false);
    expect(await isSuppressed(db, "RUTH@example.com")).toBe(true);
    expect(await isSuppressed(db, "ines@example.com")).toBe(false);
    const rows = await db.select().from(emailSuppressions);
    expect(rows).toEqual([
      expect.objectContaining({ email: "ruth@example.com", reason: "hard_bounce", suppressedAt: first }),
    ]);
  });

  it("answers which of many recipients are suppressed, in one call", async () => {
    const { db } = database;
    await suppressAddress(db, {
      email: "mara@example.com",
      reason: "unsubscribed",
      source: "unsubscribe page",
      at: new Date(),
    });
    const found = await suppressedAmong(db, ["Mara@example.com", "ruth@example.com", "new@example.com"]);
    expect([...found].sort()).toEqual(["mara@example.com", "ruth@example.com"]);
    expect(await suppressedAmong(db, [])).toEqual(new Set());
  });
});
