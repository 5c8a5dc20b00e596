/**
 * What happens to a week's sessions once days have passed. A session counts as done when she logged it (by session
 * id, on any day of that plan week). A session is missed when its day is before today and it is not logged:
 * - a missed run is dropped — runs are never made up, because squeezing them in stacks load;
 * - a missed strength session moves to the next free training day of the same plan week (a day of hers, on or after
 *   today, with nothing else on it); with no such day it is dropped — never doubled up with another session.
 */
import type { IsoDate } from "./dates.ts";
import type { SessionLog } from "./member.ts";
import type { Session } from "./plan-schema.ts";
import type { PlacedSession } from "./week-layout.ts";

export type SessionStatus = "done" | "planned" | "moved" | "dropped";

export interface ScheduledSession {
  session: Session;
  /** The day she does it, did it, or would have done it. */
  date: IsoDate;
  /** The day the week's layout first gave it. */
  plannedDate: IsoDate;
  status: SessionStatus;
  log?: SessionLog;
  note?: string;
}

export interface MissedSessionContext {
  /** Her training days in this plan week (available and not paused). */
  candidateDates: readonly IsoDate[];
  /** Everything she logged within this plan week. */
  logs: readonly SessionLog[];
  today: IsoDate;
}

export function applyMissedSessionRules(
  placed: readonly PlacedSession[],
  { candidateDates, logs, today }: MissedSessionContext,
): ScheduledSession[] {
  const occupied = new Set(logs.map((log) => log.date));
  const scheduled: ScheduledSession[] = placed.map(({ session, date }) => {
    const log = logs.find((entry) => entry.sessionId === session.id);
    if (log !== undefined) return { session, date: log.date, plannedDate: date, status: "done", log };
    if (date >= today) {
      occupied.add(date);
      return { session, date, plannedDate: date, status: "planned" };
    }
    if (session.type === "run") {
      return {
        session,
        date,
        plannedDate: date,
        status: "dropped",
        note: "Missed runs aren't made up: just carry on with the next one.",
      };
    }
    return { session, date, plannedDate: date, status: "dropped" };
  });

  const freeDates = [...candidateDates].sort();
  for (const entry of scheduled) {
    if (entry.status !== "dropped" || entry.session.type !== "strength") continue;
    const freeDate = freeDates.find((date) => date > entry.plannedDate && date >= today && !occupied.has(date));
    if (freeDate === undefined) {
      entry.note = "Missed, and no free day is left this week: strength sessions are never doubled up.";
      continue;
    }
    occupied.add(freeDate);
    entry.date = freeDate;
    entry.status = "moved";
    entry.note = `Moved from ${entry.plannedDate}, which was missed, to the next free day.`;
  }

  return scheduled.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
