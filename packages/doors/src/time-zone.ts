/**
 * Wall-clock time in a named time zone ↔ instants, with nothing but Intl. The coach schedules "10:00
 * in Denver"; the server stores the instant, correct on either side of a daylight-saving change.
 */

export class LocalTimeError extends Error {
  override name = "LocalTimeError";
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** True for an IANA zone this runtime knows, such as "America/Denver". */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock fields of `instant` in `timeZone`. */
export function toLocalParts(instant: Date, timeZone: string) {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
  };
}

/** Milliseconds the zone is ahead of UTC at `instant` (negative west of Greenwich). */
export function offsetAt(instant: Date, timeZone: string): number {
  const local = toLocalParts(instant, timeZone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** "2027-03-14T10:00" (or with seconds) as an instant in `timeZone`. */
export function localToInstant(local: string, timeZone: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(local);
  if (!match) throw new LocalTimeError(`"${local}" is not a date and time like 2027-03-14T10:00.`);
  const [year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0] = match
    .slice(1)
    .map((part) => (part === undefined ? 0 : Number(part)));
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(wallAsUtc);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    throw new LocalTimeError(`"${local}" is not a real date and time.`);
  }
  // The instant is wall time minus the zone's offset at that instant; two passes settle the offset.
  // Where the wall time happens twice (clocks go back) the earlier instant wins.
  const candidates = new Set<number>();
  for (const probe of [wallAsUtc - 14 * 3_600_000, wallAsUtc, wallAsUtc + 14 * 3_600_000]) {
    const first = wallAsUtc - offsetAt(new Date(probe), timeZone);
    const settled = wallAsUtc - offsetAt(new Date(first), timeZone);
    candidates.add(settled);
  }
  const matches = [...candidates].filter((time) => formatLocal(new Date(time), timeZone) === normalise(local)).sort();
  const earliest = matches[0];
  if (earliest === undefined) {
    throw new LocalTimeError(
      `${normalise(local).replace("T", " ")} does not exist in ${timeZone}: the clocks skip that hour for daylight saving. Choose another time.`,
    );
  }
  return new Date(earliest);
}

/** `instant` as "YYYY-MM-DDTHH:MM:SS" wall time in `timeZone`. */
export function formatLocal(instant: Date, timeZone: string): string {
  const local = toLocalParts(instant, timeZone);
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${local.year}-${pad(local.month)}-${pad(local.day)}T${pad(local.hour)}:${pad(local.minute)}:${pad(local.second)}`;
}

function normalise(local: string): string {
  return local.length === 16 ? `${local}:00` : local;
}
