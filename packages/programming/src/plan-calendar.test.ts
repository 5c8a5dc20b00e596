import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, countDaysBetween } from "./dates.ts";
import type { Pause } from "./member.ts";
import {
  countActiveDaysBefore,
  findWeekIndex,
  getWeekWindow,
  isPausedOn,
  listWeekWindows,
  mapPlanDayToDate,
  normalizePauses,
  shiftDateForPauses,
} from "./plan-calendar.ts";

const START = "2025-01-06";

describe("pauses shift the plan calendar", () => {
  it("leaves the calendar alone without pauses", () => {
    expect(mapPlanDayToDate(START, 0, [])).toBe(START);
    expect(mapPlanDayToDate(START, 13, [])).toBe("2025-01-19");
    expect(getWeekWindow(START, 1, [])).toEqual({
      index: 1,
      from: "2025-01-13",
      to: "2025-01-19",
      days: ["2025-01-13", "2025-01-14", "2025-01-15", "2025-01-16", "2025-01-17", "2025-01-18", "2025-01-19"],
    });
  });

  it("moves every date from the pause on forward by the paused days", () => {
    const pauses = [{ from: "2025-01-20", to: "2025-02-02" }];
    expect(shiftDateForPauses(START, "2025-01-19", pauses)).toBe("2025-01-19");
    expect(shiftDateForPauses(START, "2025-01-20", pauses)).toBe("2025-02-03");
    expect(shiftDateForPauses(START, "2025-01-26", pauses)).toBe("2025-02-09");
    expect(getWeekWindow(START, 2, pauses).from).toBe("2025-02-03");
  });

  it("stretches a week that a pause interrupts over the pause", () => {
    const window = getWeekWindow(START, 0, [{ from: "2025-01-09", to: "2025-01-11" }]);
    expect(window.from).toBe(START);
    expect(window.to).toBe("2025-01-15");
    expect(window.days).toEqual([
      "2025-01-06",
      "2025-01-07",
      "2025-01-08",
      "2025-01-12",
      "2025-01-13",
      "2025-01-14",
      "2025-01-15",
    ]);
    expect(getWeekWindow(START, 1, [{ from: "2025-01-09", to: "2025-01-11" }]).from).toBe("2025-01-16");
  });

  it("starts after a pause that covers the start date and ignores pauses before it", () => {
    expect(mapPlanDayToDate(START, 0, [{ from: "2025-01-01", to: "2025-01-07" }])).toBe("2025-01-08");
    expect(mapPlanDayToDate(START, 0, [{ from: "2024-12-01", to: "2024-12-24" }])).toBe(START);
  });

  it("merges overlapping and back-to-back pauses and rejects backwards ones", () => {
    expect(
      normalizePauses([
        { from: "2025-02-10", to: "2025-02-12" },
        { from: "2025-02-01", to: "2025-02-05" },
        { from: "2025-02-04", to: "2025-02-09" },
      ]),
    ).toEqual([{ from: "2025-02-01", to: "2025-02-12" }]);
    expect(() => normalizePauses([{ from: "2025-02-10", to: "2025-02-01" }])).toThrow(RangeError);
  });

  it("finds the week she is in, or resumes into", () => {
    const pauses = [{ from: "2025-01-20", to: "2025-02-02" }];
    expect(findWeekIndex(START, "2025-01-01", pauses)).toBe(0);
    expect(findWeekIndex(START, "2025-01-19", pauses)).toBe(1);
    expect(findWeekIndex(START, "2025-01-25", pauses)).toBe(2);
    expect(findWeekIndex(START, "2025-02-03", pauses)).toBe(2);
    expect(countActiveDaysBefore(START, "2025-02-03", pauses)).toBe(14);
  });
});

const pausesArbitrary: fc.Arbitrary<Pause[]> = fc.array(
  fc
    .tuple(fc.integer({ min: -20, max: 200 }), fc.integer({ min: 0, max: 40 }))
    .map(([offset, length]) => ({ from: addDays(START, offset), to: addDays(START, offset + length) })),
  { maxLength: 4 },
);

describe("plan calendar properties", () => {
  it("preserves the order of plan dates and never lands in a pause", () => {
    fc.assert(
      fc.property(
        pausesArbitrary,
        fc.uniqueArray(fc.integer({ min: 0, max: 300 }), { maxLength: 20 }),
        (pauses, days) => {
          const sorted = [...days].sort((a, b) => a - b);
          const shifted = sorted.map((day) => shiftDateForPauses(START, addDays(START, day), pauses));
          for (const [index, date] of shifted.entries()) {
            expect(isPausedOn(date, pauses)).toBe(false);
            const previous = shifted[index - 1];
            if (previous !== undefined) expect(date > previous).toBe(true);
          }
        },
      ),
    );
  });

  it("shifts each date by exactly the paused days before it", () => {
    fc.assert(
      fc.property(pausesArbitrary, fc.integer({ min: 0, max: 300 }), (pauses, planDay) => {
        const date = mapPlanDayToDate(START, planDay, pauses);
        expect(countActiveDaysBefore(START, date, pauses)).toBe(planDay);
        const pausedDaysBefore = countDaysBetween(START, date) - planDay;
        expect(pausedDaysBefore).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it("lays weeks end to end: seven active days each, in order, without overlap", () => {
    fc.assert(
      fc.property(pausesArbitrary, (pauses) => {
        const windows = listWeekWindows(START, pauses, 12);
        for (const [index, window] of windows.entries()) {
          expect(window.days).toHaveLength(7);
          expect(window.days.some((day) => isPausedOn(day, pauses))).toBe(false);
          const next = windows[index + 1];
          if (next !== undefined) expect(next.from > window.to).toBe(true);
          for (const day of window.days) expect(findWeekIndex(START, day, pauses)).toBe(index);
        }
      }),
    );
  });
});
