import { describe, expect, it } from "vitest";
import { deriveMembership, type SubscriptionFacts, type SubscriptionStatus } from "./membership.ts";

const now = new Date("2027-04-10T12:00:00Z");
const periodEnd = new Date("2027-05-01T00:00:00Z");
const base: SubscriptionFacts = {
  status: "active",
  pausedAt: null,
  currentPeriodEnd: periodEnd,
  cancelAtPeriodEnd: false,
  pastDueSince: null,
};

describe("deriveMembership", () => {
  it.each<[SubscriptionStatus, boolean]>([
    ["active", true],
    ["trialing", true],
    ["past_due", true],
    ["paused", false],
    ["canceled", false],
    ["unpaid", false],
    ["incomplete", false],
    ["incomplete_expired", false],
  ])("%s → member: %s", (status, member) => {
    expect(deriveMembership({ ...base, status, pastDueSince: status === "past_due" ? now : null }, now).member).toBe(
      member,
    );
  });

  it("is no member without a subscription", () => {
    expect(deriveMembership(undefined, now)).toEqual({ member: false, state: "none" });
  });

  it("keeps a cancelling member in until her period ends", () => {
    expect(deriveMembership({ ...base, cancelAtPeriodEnd: true }, now)).toEqual({
      member: true,
      state: "ending",
      renewsOn: null,
      endsOn: periodEnd,
    });
  });

  it("closes content while collection is paused, whatever the status says", () => {
    expect(deriveMembership({ ...base, pausedAt: new Date("2027-04-01") }, now)).toEqual({
      member: false,
      state: "paused",
    });
  });

  it("gives a past-due member seven days to update her card, then closes content", () => {
    const pastDueSince = new Date("2027-04-05T12:00:00Z");
    expect(deriveMembership({ ...base, status: "past_due", pastDueSince }, now)).toEqual({
      member: true,
      state: "past-due",
      graceEndsOn: new Date("2027-04-12T12:00:00Z"),
    });
    expect(deriveMembership({ ...base, status: "past_due", pastDueSince }, new Date("2027-04-12T12:00:00Z"))).toEqual({
      member: false,
      state: "past-due-expired",
    });
  });
});
