import { type EnrollmentWindowRow, listEnrollmentWindows } from "@academy/db/queries/enrollment";
import {
  countSignupsPerDay,
  countUnconfirmedWaitlist,
  countWaitlist,
  searchWaitlist,
  type WaitlistEntry,
} from "@academy/db/queries/waitlist";
import { type Phase, phaseAt } from "@academy/doors";
import type { Services } from "../services.ts";

const DAY_MS = 86_400_000;

export interface SignupDay {
  /** UTC date, `YYYY-MM-DD`. */
  day: string;
  count: number;
}

export interface AdminWindow extends EnrollmentWindowRow {
  /** Where the window stands now; a cancelled window is `cancelled` whatever its dates. */
  phase: Phase | "cancelled";
}

export interface AdminDashboard {
  /** Entries on the list: confirmed by their owners, subscribed. */
  waitlistCount: number;
  /** Joins nobody has confirmed (yet): not on the list, and not counted anywhere else. */
  unconfirmedCount: number;
  /** Confirmed sign-ups per UTC day of joining, oldest first, ending today; days without any count 0. */
  signupsPerDay: SignupDay[];
  windows: AdminWindow[];
}

/** The coach's dashboard: the waitlist's size and sign-ups over the last `days` days, and every window. */
export async function loadAdminDashboard(
  services: Pick<Services, "database" | "clock">,
  days = 60,
): Promise<AdminDashboard> {
  const { db } = services.database;
  const now = services.clock.now();
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (days - 1)));
  const [waitlistCount, unconfirmedCount, perDay, windows] = await Promise.all([
    countWaitlist(db),
    countUnconfirmedWaitlist(db),
    countSignupsPerDay(db, since),
    listEnrollmentWindows(db),
  ]);
  const counts = new Map(perDay.map((row) => [row.day, row.count]));
  const signupsPerDay = Array.from({ length: days }, (_, index) => {
    const day = new Date(since.getTime() + index * DAY_MS).toISOString().slice(0, 10);
    return { day, count: counts.get(day) ?? 0 };
  });
  return {
    waitlistCount,
    unconfirmedCount,
    signupsPerDay,
    windows: windows.map((window) => ({ ...window, phase: window.cancelledAt ? "cancelled" : phaseAt(window, now) })),
  };
}

/** Waitlist entries whose email or first name contains `query` (all of them when it is empty), newest first. */
export function findWaitlistEntries(
  services: Pick<Services, "database">,
  query: string,
  limit = 100,
): Promise<WaitlistEntry[]> {
  return searchWaitlist(services.database.db, query, limit);
}
