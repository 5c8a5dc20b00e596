import { type EnrollmentWindowRow, listEnrollmentWindows } from "@academy/db/queries/enrollment";
import {
  countSubscriptionMovesPerMonth,
  type RevenueMonth,
  sumMonthlyRecurringRevenue,
} from "@academy/db/queries/members";
import {
  countSignupsPerDay,
  countUnconfirmedWaitlist,
  countWaitlist,
  countWaitlistMatches,
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
  revenue: Revenue;
}

export type { RevenueMonth };

export interface Revenue {
  /** Monthly recurring revenue now, per currency (smallest unit): subscriptions that will charge again. */
  mrr: { currency: string; amount: number; subscriptions: number }[];
  /** New, churned and paused subscriptions per UTC month, oldest first, ending this month; quiet months count 0. */
  months: RevenueMonth[];
}

/** MRR now, and subscriptions started, ended and paused in each of the last `months` months (this one included). */
export async function loadRevenue(services: Pick<Services, "database" | "clock">, months = 12): Promise<Revenue> {
  const { db } = services.database;
  const now = services.clock.now();
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (months - 1), 1));
  const [mrr, moves] = await Promise.all([sumMonthlyRecurringRevenue(db), countSubscriptionMovesPerMonth(db, since)]);
  const byMonth = new Map(moves.map((move) => [move.month, move]));
  return {
    mrr,
    months: Array.from({ length: months }, (_, index) => {
      const month = new Date(Date.UTC(since.getUTCFullYear(), since.getUTCMonth() + index, 1))
        .toISOString()
        .slice(0, 7);
      return byMonth.get(month) ?? { month, started: 0, ended: 0, paused: 0 };
    }),
  };
}

/** The coach's dashboard: the waitlist's size and sign-ups over the last `days` days, and every window. */
export async function loadAdminDashboard(
  services: Pick<Services, "database" | "clock">,
  days = 60,
): Promise<AdminDashboard> {
  const { db } = services.database;
  const now = services.clock.now();
  const since = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - (days - 1)));
  const [waitlistCount, unconfirmedCount, perDay, windows, revenue] = await Promise.all([
    countWaitlist(db),
    countUnconfirmedWaitlist(db),
    countSignupsPerDay(db, since),
    listEnrollmentWindows(db),
    loadRevenue(services),
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
    revenue,
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

export const WAITLIST_PAGE_SIZE = 100;

export interface WaitlistPage {
  entries: WaitlistEntry[];
  /** Entries matching the search, on every page. */
  total: number;
  /** 1-based; past the end, the last page. */
  page: number;
  pageCount: number;
}

/** One page of the waitlist search (see findWaitlistEntries), with how many match in all. */
export async function findWaitlistPage(
  services: Pick<Services, "database">,
  query: string,
  page: number,
): Promise<WaitlistPage> {
  const { db } = services.database;
  const total = await countWaitlistMatches(db, query);
  const pageCount = Math.max(1, Math.ceil(total / WAITLIST_PAGE_SIZE));
  const current = Math.min(pageCount, Math.max(1, Math.floor(page) || 1));
  const entries = await searchWaitlist(db, query, WAITLIST_PAGE_SIZE, (current - 1) * WAITLIST_PAGE_SIZE);
  return { entries, total, page: current, pageCount };
}
