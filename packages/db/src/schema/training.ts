import { index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from "drizzle-orm/pg-core";
import { users } from "./auth.ts";
import { instant, timestamps } from "./columns.ts";

/** What the plan needs to know about her: when she started, which days she trains, where she starts from. */
export const memberProfiles = pgTable(
  "member_profiles",
  {
    userId: text()
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    planSlug: text().notNull(),
    /** YYYY-MM-DD */
    startDate: text().notNull(),
    availableDays: jsonb().$type<string[]>().notNull(),
    currentWeeklyRunningMinutes: integer().notNull(),
    experience: text().notNull(),
    /** YYYY-MM-DD: her race day, for a plan with a race (the plan's start is counted back from it). */
    raceDate: text(),
    /** A recent race or time trial her training paces come from. */
    recentRace: jsonb().$type<{ distanceKm: number; timeSeconds: number }>(),
    /** Beats per minute: her heart-rate zones come from it. */
    maxHeartRate: integer(),
    /** SHA-256 of the secret in her calendar feed URL; resetting it kills the old URL. */
    calendarTokenHash: text(),
    ...timestamps,
  },
  (table) => [uniqueIndex().on(table.calendarTokenHash)],
);

/**
 * A logged session as stored: the programming package's `SessionLog` (a run, or a strength session's sets). The db
 * package imports nothing of the engine, so the shape is written out here; the platform hands these to the engine
 * and the API stores the engine's checked logs, so the compiler holds the two shapes to each other both ways.
 */
export type StoredSessionLog =
  | {
      type: "strength";
      sessionId?: string;
      /** YYYY-MM-DD */
      date: string;
      durationMinutes: number;
      rpe: number;
      exercises: {
        exerciseId: string;
        /** The rung of the exercise's ladder she did. */
        variation?: string;
        /** A set of reps or a timed hold in seconds, with an optional effort (reps in reserve or RPE). */
        sets: (
          | { reps: number; seconds?: undefined; loadKg: number; rir?: number; rpe?: number }
          | { seconds: number; reps?: undefined; loadKg: number; rir?: number; rpe?: number }
        )[];
      }[];
    }
  | {
      type: "run";
      sessionId?: string;
      /** YYYY-MM-DD */
      date: string;
      minutes: number;
      distanceKm?: number;
      rpe: number;
    };

/**
 * A session she logged. `submissionId` comes from the form she submitted, so a double click, a retry or
 * a resubmitted page stores the log once.
 */
export const sessionLogs = pgTable(
  "session_logs",
  {
    id: text().primaryKey(),
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    submissionId: text().notNull(),
    sessionId: text(),
    /** YYYY-MM-DD */
    date: text().notNull(),
    /** The log as the programming package reads it (a RunLog or a StrengthLog). */
    entry: jsonb().$type<StoredSessionLog>().notNull(),
    createdAt: instant().notNull().defaultNow(),
  },
  (table) => [uniqueIndex().on(table.userId, table.submissionId), index().on(table.userId, table.date)],
);

/** Lessons she has marked complete. */
export const lessonProgress = pgTable(
  "lesson_progress",
  {
    userId: text()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    lessonSlug: text().notNull(),
    completedAt: instant().notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.userId, table.lessonSlug] })],
);
