/**
 * Calendar arithmetic on ISO dates (`YYYY-MM-DD`). Everything works in whole days on the UTC calendar, so a
 * schedule never depends on the time zone of the machine computing it. ISO dates compare correctly as strings.
 */

/** A calendar date written `YYYY-MM-DD`. */
export type IsoDate = string;

export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";

/** Monday first, as the academy's weeks are talked about. */
export const WEEKDAYS: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
// 1970-01-01 (day 0) was a Thursday, which is index 3 when Monday is 0.
const WEEKDAY_OF_DAY_ZERO = 3;

/** True for a real calendar date written `YYYY-MM-DD` (so `2025-02-30` is false). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE_PATTERN.exec(value);
  if (!match) return false;
  const [, year, month, day] = match.map(Number);
  if (year === undefined || month === undefined || day === undefined) return false;
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Days since 1970-01-01; throws a RangeError for anything that is not a real `YYYY-MM-DD` date. */
export function toDayNumber(date: IsoDate): number {
  if (!isIsoDate(date)) throw new RangeError(`Expected a date written YYYY-MM-DD, got ${JSON.stringify(date)}`);
  const [year, month, day] = date.split("-").map(Number);
  return Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1) / MS_PER_DAY;
}

export function fromDayNumber(day: number): IsoDate {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function countDaysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

export function getWeekday(date: IsoDate): Weekday {
  const index = (((toDayNumber(date) + WEEKDAY_OF_DAY_ZERO) % 7) + 7) % 7;
  return WEEKDAYS[index] ?? "mon";
}

/**
 * Normalises the clock argument. A Date is read on the UTC calendar so the answer is the same on every server;
 * pass an ISO date when the member's local date matters (late evening in her time zone, say).
 */
export function toIsoDate(value: IsoDate | Date): IsoDate {
  if (typeof value !== "string") {
    if (Number.isNaN(value.getTime())) throw new RangeError("Expected a valid Date, got an invalid one");
    return value.toISOString().slice(0, 10);
  }
  if (!isIsoDate(value)) throw new RangeError(`Expected a date written YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
}
