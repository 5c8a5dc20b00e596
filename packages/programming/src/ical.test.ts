import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { samplePlan } from "./fixtures/sample-plan.ts";
import {
  buildCalendarEvents,
  escapeICalText,
  exportScheduleToICalendar,
  foldICalLine,
  formatICalTimestamp,
  renderICalendar,
} from "./ical.ts";
import type { MemberProfile } from "./member.ts";
import { buildSchedule } from "./schedule.ts";

const NOW = new Date(Date.UTC(2025, 0, 8, 9, 30, 15));
const encoder = new TextEncoder();
const octets = (text: string) => encoder.encode(text).length;
const unfold = (text: string) => text.replace(/\r\n /g, "");

const profile: MemberProfile = {
  startDate: "2025-01-06",
  availableDays: ["mon", "wed", "fri", "sat", "sun"],
  currentWeeklyRunningMinutes: 70,
  experience: "returning",
};

describe("renderICalendar", () => {
  const text = renderICalendar(
    [
      {
        uid: "m1.plan.week-1.w1-long-run@programming.academy",
        date: "2025-01-12",
        summary: "Long run",
        description: "Easy",
      },
    ],
    { now: NOW, calendarName: "Foundations, week by week" },
  );

  it("writes a calendar of all-day events with CRLF line endings", () => {
    expect(text.split("\r\n")).toEqual([
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//Academy//Programming//EN",
      "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH",
      "X-WR-CALNAME:Foundations\\, week by week",
      "BEGIN:VEVENT",
      "UID:m1.plan.week-1.w1-long-run@programming.academy",
      "DTSTAMP:20250108T093015Z",
      "DTSTART;VALUE=DATE:20250112",
      "DTEND;VALUE=DATE:20250113",
      "SUMMARY:Long run",
      "DESCRIPTION:Easy",
      "TRANSP:TRANSPARENT",
      "END:VEVENT",
      "END:VCALENDAR",
      "",
    ]);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  it("takes DTSTAMP from the clock it is given", () => {
    expect(formatICalTimestamp(new Date(Date.UTC(2030, 11, 31, 23, 59, 59, 999)))).toBe("20301231T235959Z");
    expect(formatICalTimestamp("2025-03-01")).toBe("20250301T000000Z");
    expect(() => formatICalTimestamp(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe("escapeICalText", () => {
  it("escapes backslashes, semicolons, commas and line breaks", () => {
    expect(escapeICalText("Squat; hinge, lunge\\step\nthen rest\r\nok")).toBe(
      "Squat\\; hinge\\, lunge\\\\step\\nthen rest\\nok",
    );
  });
});

describe("foldICalLine", () => {
  it("leaves a line of 75 octets alone and folds the 76th onto a continuation line", () => {
    const exact = `DESCRIPTION:${"a".repeat(63)}`;
    expect(foldICalLine(exact)).toBe(exact);
    const folded = foldICalLine(`${exact}b`);
    expect(folded).toBe(`${exact}\r\n b`);
  });

  it("counts octets, not characters, and never splits a character", () => {
    const line = `SUMMARY:${"é".repeat(40)}`;
    const folded = foldICalLine(line);
    const [first, second] = folded.split("\r\n");
    // 8 ASCII octets + 33 two-octet characters = 74; one more would make 76.
    expect(first).toBe(`SUMMARY:${"é".repeat(33)}`);
    expect(second).toBe(` ${"é".repeat(7)}`);
  });

  it("always gives lines of at most 75 octets that unfold to the original", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), (value) => {
        const line = `DESCRIPTION:${escapeICalText(value)}`;
        const folded = foldICalLine(line);
        for (const part of folded.split("\r\n")) expect(octets(part)).toBeLessThanOrEqual(75);
        expect(unfold(folded)).toBe(line);
      }),
    );
  });

  it("escapes into text that never contains a bare line break", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (value) => {
        expect(escapeICalText(value)).not.toMatch(/[\r\n]/);
      }),
    );
  });
});

describe("exportScheduleToICalendar", () => {
  const context = {
    plan: samplePlan,
    profile,
    logs: [],
    completedLessons: [],
    pauses: [],
    today: "2025-01-06",
  };

  it("exports every session she has to do, with UIDs that stay the same across exports", () => {
    const schedule = buildSchedule(context);
    const text = exportScheduleToICalendar(schedule, { memberId: "member-42", now: NOW });
    const uids = unfold(text)
      .split("\r\n")
      .filter((line) => line.startsWith("UID:"));
    expect(uids).toHaveLength(schedule.weeks.reduce((total, week) => total + week.sessions.length, 0));
    expect(new Set(uids).size).toBe(uids.length);
    expect(uids[0]).toBe("UID:member-42.foundations-to-strength.week-1.w1-run-1@programming.academy");
    const later = exportScheduleToICalendar(buildSchedule({ ...context, today: "2025-01-07" }), {
      memberId: "member-42",
      now: new Date(Date.UTC(2025, 0, 9)),
    });
    const laterUids = unfold(later)
      .split("\r\n")
      .filter((line) => line.startsWith("UID:"));
    // Monday's run was missed by Tuesday and is dropped; every other event keeps its UID.
    expect(laterUids).toEqual(uids.slice(1));
  });

  it("keeps a moved session's UID and puts it on its new day", () => {
    const sixDays = {
      ...profile,
      availableDays: ["mon", "tue", "wed", "thu", "fri", "sun"] as MemberProfile["availableDays"],
    };
    const moved = buildSchedule({ ...context, profile: sixDays, today: "2025-01-08" });
    const events = buildCalendarEvents(moved, { memberId: "m" });
    const strengthA = events.find((event) => event.uid.includes("w1-strength-a"));
    expect(strengthA).toMatchObject({
      uid: "m.foundations-to-strength.week-1.w1-strength-a@programming.academy",
      date: "2025-01-08",
      summary: "Strength A",
    });
    expect(strengthA?.description).toBe(
      "Exercises: 90/90 breathing with reach, Dumbbell split squat, Dumbbell Romanian deadlift, Single-leg calf raise.\n" +
        "Open the app for today's targets.",
    );
  });

  it("marks deload weeks in the description", () => {
    const events = buildCalendarEvents(buildSchedule(context), { memberId: "m", uidDomain: "example.org" });
    const deload = events.find((event) => event.uid === "m.foundations-to-strength.week-4.w4-long-run@example.org");
    expect(deload?.description).toBe(
      "Deload week: lighter on purpose.\nEasy all the way; slower than you think.\nOpen the app for today's targets.",
    );
  });
});
