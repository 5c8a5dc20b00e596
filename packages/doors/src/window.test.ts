import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { describeTimeLeft, formatMoment } from "./countdown.ts";
import { formatLocal, localToInstant } from "./time-zone.ts";
import {
  decideEnrollment,
  type EnrollmentWindow,
  nextChange,
  parseWindowInput,
  phaseAt,
  windowsOverlap,
} from "./window.ts";

const window: EnrollmentWindow = {
  id: "win_spring",
  name: "Spring 2027",
  priorityOpensAt: new Date("2027-03-14T16:00:00Z"),
  publicOpensAt: new Date("2027-03-17T16:00:00Z"),
  closesAt: new Date("2027-03-21T02:00:00Z"),
  timeZone: "America/Denver",
  capacity: null,
  cancelledAt: null,
};
const second = 1000;
const before = (date: Date) => new Date(date.getTime() - second);

describe("phaseAt", () => {
  it.each([
    [before(window.priorityOpensAt), "scheduled"],
    [window.priorityOpensAt, "priority"],
    [before(window.publicOpensAt), "priority"],
    [window.publicOpensAt, "public"],
    [before(window.closesAt), "public"],
    [window.closesAt, "closed"],
  ] as const)("at %s is %s, exact to the second", (now, phase) => {
    expect(phaseAt(window, now)).toBe(phase);
  });

  it("is closed at any time once the window is cancelled", () => {
    expect(phaseAt({ ...window, cancelledAt: new Date("2027-03-01") }, window.publicOpensAt)).toBe("closed");
  });

  it("never goes back to an earlier phase as time moves on", () => {
    const order = ["scheduled", "priority", "public", "closed"];
    const start = window.priorityOpensAt.getTime() - 5 * 86_400_000;
    const span = 12 * 86_400_000;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: span }), fc.integer({ min: 0, max: span }), (a, b) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const first = order.indexOf(phaseAt(window, new Date(start + early)));
        const then = order.indexOf(phaseAt(window, new Date(start + late)));
        return first <= then;
      }),
    );
  });
});

describe("nextChange", () => {
  it("names the next phase and when it begins", () => {
    expect(nextChange(window, new Date("2027-03-15T00:00:00Z"))).toEqual({ phase: "public", at: window.publicOpensAt });
    expect(nextChange(window, window.closesAt)).toBeUndefined();
  });
});

describe("decideEnrollment", () => {
  const waitlister = { onWaitlist: true };
  const stranger = { onWaitlist: false };

  it("lets only the waitlist in during priority access and tells others when doors open to them", () => {
    expect(decideEnrollment(window, window.priorityOpensAt, waitlister, 0)).toEqual({
      allowed: true,
      phase: "priority",
    });
    expect(decideEnrollment(window, window.priorityOpensAt, stranger, 0)).toEqual({
      allowed: false,
      reason: "waitlist-only",
      publicOpensAt: window.publicOpensAt,
    });
  });

  it("lets everyone in during the public phase, and nobody before or after", () => {
    expect(decideEnrollment(window, window.publicOpensAt, stranger, 0)).toEqual({ allowed: true, phase: "public" });
    expect(decideEnrollment(window, before(window.priorityOpensAt), waitlister, 0)).toMatchObject({
      reason: "not-open-yet",
    });
    expect(decideEnrollment(window, window.closesAt, waitlister, 0)).toEqual({ allowed: false, reason: "closed" });
  });

  it("says full once every seat is taken", () => {
    const limited = { ...window, capacity: 30 };
    expect(decideEnrollment(limited, window.publicOpensAt, stranger, 29)).toMatchObject({ allowed: true });
    expect(decideEnrollment(limited, window.publicOpensAt, stranger, 30)).toEqual({ allowed: false, reason: "full" });
  });
});

describe("localToInstant across daylight saving", () => {
  it("reads wall time in the coach's zone on both sides of a change", () => {
    // Denver springs forward on 14 March 2027: 10:00 is MDT (UTC−6); a week earlier it was MST (UTC−7).
    expect(localToInstant("2027-03-14T10:00", "America/Denver").toISOString()).toBe("2027-03-14T16:00:00.000Z");
    expect(localToInstant("2027-03-07T10:00", "America/Denver").toISOString()).toBe("2027-03-07T17:00:00.000Z");
    expect(localToInstant("2027-10-31T09:00", "Europe/London").toISOString()).toBe("2027-10-31T09:00:00.000Z");
    expect(localToInstant("2027-10-30T09:00", "Europe/London").toISOString()).toBe("2027-10-30T08:00:00.000Z");
    expect(localToInstant("2027-06-01T10:00", "Australia/Sydney").toISOString()).toBe("2027-06-01T00:00:00.000Z");
  });

  it("refuses a time the clocks skip, saying why", () => {
    expect(() => localToInstant("2027-03-14T02:30", "America/Denver")).toThrow(/does not exist in America\/Denver/);
  });

  it("takes the first of a time that happens twice", () => {
    // London falls back on 31 October 2027: 01:30 happens at 00:30Z (BST) and again at 01:30Z (GMT).
    expect(localToInstant("2027-10-31T01:30", "Europe/London").toISOString()).toBe("2027-10-31T00:30:00.000Z");
  });

  it("round-trips every wall time that exists", () => {
    const zones = ["America/Denver", "Europe/London", "Australia/Sydney", "Asia/Kolkata", "UTC"];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2030, 0, 1) }),
        (zone, time) => {
          const instant = new Date(Math.floor(time / 60_000) * 60_000);
          const local = formatLocal(instant, zone).slice(0, 16);
          const back = localToInstant(local, zone);
          return formatLocal(back, zone).slice(0, 16) === local;
        },
      ),
    );
  });
});

describe("parseWindowInput", () => {
  const input = {
    name: "Spring 2027",
    priorityOpensAt: "2027-03-14T09:00",
    publicOpensAt: "2027-03-17T09:00",
    closesAt: "2027-03-20T20:00",
    timeZone: "America/Denver",
    capacity: null,
  };

  it("turns the coach's wall times into instants", () => {
    const parsed = parseWindowInput(input);
    expect(parsed).toMatchObject({ ok: true, window: { name: "Spring 2027", timeZone: "America/Denver" } });
    if (parsed.ok) expect(parsed.window.priorityOpensAt.toISOString()).toBe("2027-03-14T15:00:00.000Z");
  });

  it("explains each mistake by field", () => {
    const parsed = parseWindowInput({
      ...input,
      name: "x",
      publicOpensAt: "2027-03-13T09:00",
      closesAt: "2027-03-12T09:00",
      capacity: 0,
    });
    expect(parsed).toEqual({
      ok: false,
      errors: {
        name: "Give the window a name of 3 to 80 characters.",
        capacity: "Capacity is a whole number of seats from 1 to 100,000, or empty for no limit.",
        publicOpensAt: "Public enrollment cannot open before the waitlist's priority access.",
        closesAt: "Doors must close after they open to the public.",
      },
    });
    expect(parseWindowInput({ ...input, timeZone: "Mars/Olympus" })).toMatchObject({
      ok: false,
      errors: { timeZone: '"Mars/Olympus" is not a time zone like Europe/London.' },
    });
  });

  it("refuses a window that overlaps another, but not one that was cancelled or is being edited", () => {
    const other = { ...window, id: "win_other", name: "Late winter" };
    const overlapping = { ...input, closesAt: "2027-03-22T09:00" };
    expect(
      parseWindowInput(overlapping, [{ ...other, priorityOpensAt: new Date("2027-03-21T00:00:00Z") }]),
    ).toMatchObject({
      ok: false,
      errors: { priorityOpensAt: 'These dates overlap "Late winter". Windows cannot overlap.' },
    });
    expect(parseWindowInput(overlapping, [{ ...other, cancelledAt: new Date() }])).toMatchObject({ ok: true });
    expect(parseWindowInput(overlapping, [other], "win_other")).toMatchObject({ ok: true });
  });

  it("treats touching windows as not overlapping", () => {
    const a = { priorityOpensAt: new Date("2027-01-01"), closesAt: new Date("2027-02-01") };
    expect(windowsOverlap(a, { priorityOpensAt: new Date("2027-02-01"), closesAt: new Date("2027-03-01") })).toBe(
      false,
    );
    expect(windowsOverlap(a, { priorityOpensAt: new Date("2027-01-31"), closesAt: new Date("2027-03-01") })).toBe(true);
  });
});

describe("countdowns", () => {
  it("shows the two largest units", () => {
    const now = new Date("2027-03-10T12:00:00Z");
    expect(describeTimeLeft(now, new Date("2027-03-14T16:00:00Z"))).toBe("4 days, 4 hours");
    expect(describeTimeLeft(now, new Date("2027-03-10T14:05:30Z"))).toBe("2 hours, 5 minutes");
    expect(describeTimeLeft(now, new Date("2027-03-11T12:00:10Z"))).toBe("1 day");
    expect(describeTimeLeft(now, new Date("2027-03-10T12:00:45Z"))).toBe("45 seconds");
    expect(describeTimeLeft(now, now)).toBe("0 seconds");
  });

  it("names the moment in the coach's zone with its abbreviation", () => {
    expect(formatMoment(window.priorityOpensAt, "America/Denver")).toBe("Sunday 14 March 2027 at 10:00 Denver time");
    expect(formatMoment(window.priorityOpensAt, "America/Argentina/Buenos_Aires")).toBe(
      "Sunday 14 March 2027 at 13:00 Buenos Aires time",
    );
  });

  it("calls UTC by its name, not a place", () => {
    expect(formatMoment(window.priorityOpensAt, "UTC")).toBe("Sunday 14 March 2027 at 16:00 UTC");
    expect(formatMoment(window.priorityOpensAt, "Etc/UTC")).toBe("Sunday 14 March 2027 at 16:00 UTC");
  });
});
