/** "3 days, 4 hours" / "2 hours, 5 minutes" / "45 seconds": the time left, in the two largest units. */
export function describeTimeLeft(now: Date, target: Date): string {
  let seconds = Math.max(0, Math.floor((target.getTime() - now.getTime()) / 1000));
  const units: [string, number][] = [
    ["day", 86_400],
    ["hour", 3_600],
    ["minute", 60],
    ["second", 1],
  ];
  const parts: string[] = [];
  for (const [name, size] of units) {
    const count = Math.floor(seconds / size);
    seconds -= count * size;
    if (count > 0 || (parts.length > 0 && parts.length < 2)) parts.push(`${count} ${name}${count === 1 ? "" : "s"}`);
    if (parts.length === 2) break;
  }
  return parts.filter((part) => !part.startsWith("0 ")).join(", ") || "0 seconds";
}

// Building an Intl formatter costs far more than using one: one per time zone, kept.
const momentFormats = new Map<string, Intl.DateTimeFormat>();

function momentFormat(timeZone: string): Intl.DateTimeFormat {
  let format = momentFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      weekday: "long",
      day: "numeric",
      month: "long",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    momentFormats.set(timeZone, format);
  }
  return format;
}

// The moments shown are a window's few instants, asked for on every enroll click: each is formatted once.
const formattedMoments = new Map<string, string>();

/** "Sunday 14 March 2027 at 10:00 Denver time": a moment as the coach scheduled it, in her zone. */
export function formatMoment(instant: Date, timeZone: string): string {
  const key = `${instant.getTime()} ${timeZone}`;
  let formatted = formattedMoments.get(key);
  if (formatted === undefined) {
    if (formattedMoments.size >= 1_000) formattedMoments.clear();
    formatted = formatMomentNow(instant, timeZone);
    formattedMoments.set(key, formatted);
  }
  return formatted;
}

function formatMomentNow(instant: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    momentFormat(timeZone)
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year} at ${parts.hour}:${parts.minute} ${zoneName(timeZone)}`;
}

/** "Denver time", "Ho Chi Minh time"; plain "UTC" for the zone that is no place. */
function zoneName(timeZone: string): string {
  if (/^(Etc\/)?(UTC|GMT|Zulu)$/i.test(timeZone)) return "UTC";
  return `${(timeZone.split("/").pop() ?? timeZone).replaceAll("_", " ")} time`;
}
