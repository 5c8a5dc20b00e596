import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, countDaysBetween, getWeekday, isIsoDate, toDayNumber, toIsoDate } from "./dates.ts";

describe("ISO dates", () => {
  it("accepts real dates only", () => {
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2025-02-29")).toBe(false);
    expect(isIsoDate("2025-13-01")).toBe(false);
    expect(isIsoDate("2025-1-01")).toBe(false);
    expect(isIsoDate("2025-01-01T00:00:00Z")).toBe(false);
    expect(() => toDayNumber("next tuesday")).toThrow(RangeError);
  });

  it("adds days across months, leap days and years", () => {
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
    expect(addDays("2025-02-28", 1)).toBe("2025-03-01");
    expect(addDays("2024-12-31", 1)).toBe("2025-01-01");
    expect(addDays("2025-01-01", -1)).toBe("2024-12-31");
    expect(countDaysBetween("2025-01-06", "2025-03-03")).toBe(56);
  });

  it("knows the weekday", () => {
    expect(getWeekday("2025-01-06")).toBe("mon");
    expect(getWeekday("2025-01-11")).toBe("sat");
    expect(getWeekday("2025-01-12")).toBe("sun");
    expect(getWeekday("1969-12-31")).toBe("wed");
  });

  it("reads a Date on the UTC calendar and checks strings", () => {
    expect(toIsoDate(new Date(Date.UTC(2025, 0, 6, 23, 30)))).toBe("2025-01-06");
    expect(toIsoDate("2025-01-06")).toBe("2025-01-06");
    expect(() => toIsoDate("06/01/2025")).toThrow(RangeError);
    expect(() => toIsoDate(new Date(Number.NaN))).toThrow(RangeError);
  });

  it("round-trips adding and counting days", () => {
    fc.assert(
      fc.property(fc.integer({ min: -20_000, max: 40_000 }), fc.integer({ min: -1000, max: 1000 }), (day, offset) => {
        const date = addDays("1970-01-01", day);
        expect(isIsoDate(date)).toBe(true);
        expect(countDaysBetween(date, addDays(date, offset))).toBe(offset);
        expect(getWeekday(addDays(date, 7))).toBe(getWeekday(date));
      }),
    );
  });
});
