/**
 * Puts one plan week's sessions on the member's training days. The rules, in order:
 * 1. At most one run and one strength session per day, so never two runs or two strength sessions on one day.
 *    Sessions beyond that capacity are left unscheduled (long runs are kept first, then the plan's order).
 * 2. Each session gets a day of its own when there are enough days; only when there are more sessions than days
 *    does a strength session share a day with a run (an easy run first, the long run last).
 * 3. The long run goes on Sunday if she trains then, else Saturday, else her last day of the week. A race takes the
 *    long run's place and goes on her race date when she gave one (a training day or not), else where a long run would.
 * 4. The other sessions keep the coach's order and are spread evenly over the remaining days.
 */
import { getWeekday, type IsoDate } from "./dates.ts";
import type { RunKind, RunSession, Session, StrengthSession } from "./plan-schema.ts";

export interface PlacedSession {
  session: Session;
  date: IsoDate;
}

export interface UnscheduledSession {
  sessionId: string;
  reason: string;
}

export interface WeekLayout {
  /** Sorted by date, then by the plan's order. */
  placed: PlacedSession[];
  unscheduled: UnscheduledSession[];
}

// Which run a strength session joins when two must share a day: easy days first, the long run only as a last resort.
const HOST_PREFERENCE: Readonly<Record<RunKind, number>> = { easy: 0, tempo: 1, intervals: 1, long: 2, race: 3 };

// Which run is kept first and takes the weekend: the race, then the long run.
const ANCHOR_PRIORITY: Readonly<Record<RunKind, number>> = { race: 2, long: 1, easy: 0, tempo: 0, intervals: 0 };

export interface LayoutOptions {
  /** Her race date, when it falls in this week: the race goes on it. */
  raceDate?: IsoDate;
}

export function layoutWeek(
  sessions: readonly Session[],
  candidateDates: readonly IsoDate[],
  options: LayoutOptions = {},
): WeekLayout {
  const hasRace = sessions.some((session) => session.type === "run" && session.kind === "race");
  const raceDates = hasRace && options.raceDate !== undefined ? [options.raceDate] : [];
  const dates = [...new Set([...candidateDates, ...raceDates])].sort();
  const order = new Map(sessions.map((session, index) => [session, index]));
  const byPlanOrder = (a: Session, b: Session) => (order.get(a) ?? 0) - (order.get(b) ?? 0);
  const dayCount = dates.length;

  if (dayCount === 0) {
    return {
      placed: [],
      unscheduled: sessions.map((session) => ({
        sessionId: session.id,
        reason: "No training day available this week.",
      })),
    };
  }

  const runs = sessions.filter((session): session is RunSession => session.type === "run");
  const strengths = sessions.filter((session): session is StrengthSession => session.type === "strength");
  const runsByPriority = [...runs].sort(
    (a, b) => ANCHOR_PRIORITY[b.kind] - ANCHOR_PRIORITY[a.kind] || byPlanOrder(a, b),
  );
  const keptRuns = runsByPriority.slice(0, dayCount).sort(byPlanOrder);
  const keptStrengths = strengths.slice(0, dayCount);
  const unscheduled = [
    ...runsByPriority.slice(dayCount).map((run) => ({
      sessionId: run.id,
      reason: `Only ${dayCount} training days this week and runs are never doubled up.`,
    })),
    ...strengths.slice(dayCount).map((strength) => ({
      sessionId: strength.id,
      reason: `Only ${dayCount} training days this week and strength sessions are never doubled up.`,
    })),
  ];

  const soloStrengthCount = Math.min(keptStrengths.length, dayCount - keptRuns.length);
  const pairedCount = keptStrengths.length - soloStrengthCount;
  // Placeholders hold the plan positions of the strength sessions that get a day to themselves; which strength
  // session lands where is decided afterwards, in date order, so A always comes before B.
  const units: Session[] = [...keptRuns, ...keptStrengths.slice(0, soloStrengthCount)].sort(byPlanOrder);
  const race = keptRuns.find((run) => run.kind === "race");
  const longRun = race ?? keptRuns.find((run) => run.kind === "long");

  const dateOf = new Map<Session, IsoDate>();
  let freeDates = dates;
  if (longRun !== undefined) {
    const longDate = race !== undefined && raceDates[0] !== undefined ? raceDates[0] : pickLongRunDate(dates);
    dateOf.set(longRun, longDate);
    freeDates = dates.filter((date) => date !== longDate);
  }
  const otherUnits = units.filter((unit) => unit !== longRun);
  const spreadDates = pickSpreadDates(freeDates, otherUnits.length);
  otherUnits.forEach((unit, index) => {
    const date = spreadDates[index];
    if (date !== undefined) dateOf.set(unit, date);
  });

  const hosts = [...keptRuns]
    .sort((a, b) => HOST_PREFERENCE[a.kind] - HOST_PREFERENCE[b.kind] || byPlanOrder(a, b))
    .slice(0, pairedCount);
  const soloSlots = otherUnits.filter((unit) => unit.type === "strength").map((unit) => dateOf.get(unit));
  const strengthSlots = [...soloSlots, ...hosts.map((host) => dateOf.get(host))]
    .filter((date): date is IsoDate => date !== undefined)
    .sort();

  const placed: PlacedSession[] = [
    ...keptRuns.flatMap((run) => {
      const date = dateOf.get(run);
      return date === undefined ? [] : [{ session: run, date }];
    }),
    ...keptStrengths.flatMap((strength, index) => {
      const date = strengthSlots[index];
      return date === undefined ? [] : [{ session: strength, date }];
    }),
  ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : byPlanOrder(a.session, b.session)));

  return { placed, unscheduled };
}

function pickLongRunDate(dates: readonly IsoDate[]): IsoDate {
  return (
    dates.find((date) => getWeekday(date) === "sun") ??
    dates.find((date) => getWeekday(date) === "sat") ??
    dates.at(-1) ??
    ""
  );
}

/** `count` of the dates, spread evenly: each takes the middle of its share, so rest days fall between sessions. */
function pickSpreadDates(dates: readonly IsoDate[], count: number): IsoDate[] {
  if (count <= 0) return [];
  return Array.from({ length: count }, (_, index) => dates[Math.floor(((index + 0.5) * dates.length) / count)]).filter(
    (date): date is IsoDate => date !== undefined,
  );
}
