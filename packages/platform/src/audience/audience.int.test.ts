import type { DatabaseHandle } from "@academy/db/client";
import { countAudience } from "@academy/db/queries/audience";
import { saveSubscription } from "@academy/db/queries/billing";
import { newsletterSubscriptions, users, waitlistEntries } from "@academy/db/schema";
import { createTestDatabase } from "@academy/db/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { readCsv } from "./csv.ts";
import { exportAudienceCsv } from "./export.ts";
import { leave } from "./leave.ts";
import { isSuppressed } from "./suppression.ts";

const NOW = new Date("2026-12-03T10:00:00Z");

async function exported(database: DatabaseHandle): Promise<Record<string, string>[]> {
  let text = "";
  for await (const chunk of exportAudienceCsv(database.db, NOW)) text += chunk;
  const [header, ...rows] = readCsv(text);
  return rows.map((row) =>
    Object.fromEntries((header?.fields ?? []).map((name, index) => [name, row.fields[index] ?? ""])),
  );
}

describe("one audience: members, former members and subscribers, on several lists", () => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await createTestDatabase(inject("databaseUrl"));
    const { db } = database;
    await db.insert(users).values([
      { id: "usr_member", email: "member@example.com" },
      { id: "usr_former", email: "former@example.com" },
    ]);
    const base = {
      priceId: "price_monthly",
      currentPeriodEnd: new Date("2027-01-01T00:00:00Z"),
      cancelAtPeriodEnd: false,
      pausedAt: null,
      pastDueSince: null,
      windowId: null,
      monthlyAmount: 2900,
      currency: "usd",
      startedAt: new Date("2026-05-01T00:00:00Z"),
    };
    await saveSubscription(db, {
      ...base,
      id: "sub_1",
      userId: "usr_member",
      stripeCustomerId: "cus_1",
      status: "active",
      endedAt: null,
    });
    await saveSubscription(db, {
      ...base,
      id: "sub_2",
      userId: "usr_former",
      stripeCustomerId: "cus_2",
      status: "canceled",
      endedAt: NOW,
    });
    await db.insert(newsletterSubscriptions).values([
      {
        email: "both@example.com",
        firstName: '=HYPERLINK("http://evil")',
        lastName: "+Ames",
        consentSource: "form",
        confirmedAt: NOW,
      },
      { email: "member@example.com", consentSource: "import:kit", confirmedAt: NOW },
    ]);
    await db.insert(waitlistEntries).values([
      { id: "wl_both", email: "both@example.com", consentText: "yes", confirmedAt: NOW },
      { id: "wl_pending", email: "pending@example.com", firstName: "@mention", consentText: "yes" },
    ]);
  });
  afterAll(() => database.close());

  it("exports every person once with her status and lists, formulas defused", async () => {
    expect(await exported(database)).toEqual([
      expect.objectContaining({
        email: "both@example.com",
        first_name: '\'=HYPERLINK("http://evil")',
        last_name: "'+Ames",
        status: "subscriber",
        newsletter: "subscribed",
        waitlist: "subscribed",
        suppressed: "",
      }),
      expect.objectContaining({ email: "former@example.com", status: "former_member", newsletter: "", waitlist: "" }),
      expect.objectContaining({
        email: "member@example.com",
        status: "member",
        newsletter: "subscribed",
        source: "import:kit",
      }),
      expect.objectContaining({ email: "pending@example.com", first_name: "'@mention", waitlist: "pending" }),
    ]);
    expect(await countAudience(database.db, NOW)).toEqual({
      people: { member: 1, former_member: 1, subscriber: 2 },
      lists: {
        newsletter: { subscribed: 2, pending: 0, unsubscribed: 0 },
        waitlist: { subscribed: 1, pending: 1, unsubscribed: 0 },
      },
      suppressed: 0,
    });
  });

  it("leaves one list and stays on the other", async () => {
    const result = await leave(database.db, "Both@example.com", { kind: "list", list: "waitlist" }, NOW);
    expect(result).toEqual({ left: ["waitlist"], suppressed: false });
    const both = (await exported(database)).find((row) => row.email === "both@example.com");
    expect(both).toMatchObject({ newsletter: "subscribed", waitlist: "unsubscribed", suppressed: "" });
  });

  it("leaves everything: every list, and her address suppressed", async () => {
    const result = await leave(database.db, "member@example.com", { kind: "everything" }, NOW);
    expect(result).toEqual({ left: ["newsletter"], suppressed: true });
    expect(await isSuppressed(database.db, "member@example.com")).toBe(true);
    const member = (await exported(database)).find((row) => row.email === "member@example.com");
    expect(member).toMatchObject({ status: "member", newsletter: "unsubscribed", suppressed: "unsubscribed" });
    expect(await leave(database.db, "member@example.com", { kind: "everything" }, NOW)).toEqual({
      left: [],
      suppressed: false,
    });
  });
});
