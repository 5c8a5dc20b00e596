import { describe, expect, it } from "vitest";
import { deriveMembership, type SubscriptionFacts, type SubscriptionStatus } from "./membership.ts";

const now = new Date("2027-04-10T12:00:00Z");
const periodEnd = new Date("2027-05-01T00:00:00Z");
const base: SubscriptionFacts = {
  status: "active",
  pausedAt: null,
  resumesAt: null,
  currentPeriodEnd: periodEnd,
  cancelAtPeriodEnd: false,
  pastDueSince: null,
};

describe("deriveMembership", () => {
  it("makes a free membership a membership while it lasts, and never hides a paying one", () => {
    const until = new Date("2027-04-20T00:00:00Z");
    const lapsed = { ...base, status: "canceled" as const };
    expect(deriveMembership(undefined, now, { endsAt: until })).toEqual({ member: true, state: "free", endsOn: until });
    expect(deriveMembership(lapsed, now, { endsAt: null })).toEqual({ member: true, state: "free", endsOn: null });
    expect(deriveMembership(lapsed, until, { endsAt: until })).toEqual({ member: false, state: "lapsed" });
    expect(deriveMembership(base, now, { endsAt: null })).toMatchObject({ member: true, state: "active" });
  });

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

  it("keeps a member who pauses in until the period she paid for ends, then closes content until it resumes", () => {
    const paused = { ...base, pausedAt: periodEnd, resumesAt: new Date("2027-07-01T00:00:00Z") };
    expect(deriveMembership(paused, now)).toEqual({
      member: true,
      state: "pausing",
      pausesOn: periodEnd,
      resumesOn: new Date("2027-07-01T00:00:00Z"),
    });
    expect(deriveMembership(paused, periodEnd)).toEqual({
      member: false,
      state: "paused",
      resumesOn: new Date("2027-07-01T00:00:00Z"),
    });
    // Stripe resumes collection on the day: she is back without waiting for a webhook.
    expect(deriveMembership(paused, new Date("2027-07-01T00:00:00Z"))).toMatchObject({ member: true, state: "active" });
  });

  it("closes content at once for a pause that starts in a period she did not pay, until she resumes it", () => {
    expect(deriveMembership({ ...base, pausedAt: new Date("2027-04-01") }, now)).toEqual({
      member: false,
      state: "paused",
      resumesOn: null,
    });
  });

  it("ignores a pause that resumes before her paid period ends", () => {
    const shortPause = { ...base, pausedAt: periodEnd, resumesAt: new Date("2027-04-20T00:00:00Z") };
    expect(deriveMembership(shortPause, now)).toMatchObject({ member: true, state: "active" });
    expect(deriveMembership(shortPause, new Date("2027-05-02T00:00:00Z"))).toMatchObject({
      member: true,
      state: "active",
    });
  });

  it("tells a member who paused and cancelled that her access ends with her paid period", () => {
    expect(deriveMembership({ ...base, pausedAt: periodEnd, cancelAtPeriodEnd: true }, now)).toEqual({
      member: true,
      state: "ending",
      renewsOn: null,
      endsOn: periodEnd,
    });
  });

  it("is no member with Stripe's own paused status (a trial that ended without a card)", () => {
    expect(deriveMembership({ ...base, status: "paused" }, now)).toEqual({
      member: false,
      state: "paused",
      resumesOn: null,
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
