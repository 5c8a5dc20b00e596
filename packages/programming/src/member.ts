/**
 * What the engine knows about a member: her profile, her membership pauses and what she has logged. Schemas are
 * exported for the edges of the app (forms, API input); the engine itself takes the plain typed values.
 */
import { z } from "zod";
import { type IsoDate, isIsoDate, WEEKDAYS, type Weekday } from "./dates.ts";

export type Experience = "new" | "returning" | "experienced";

export interface MemberProfile {
  /** The first day of her plan. */
  startDate: IsoDate;
  /** The weekdays she can train on; their number is her days per week (2–6). */
  availableDays: Weekday[];
  /** How much she runs in a typical week now, so week 1 starts near it. */
  currentWeeklyRunningMinutes: number;
  experience: Experience;
}

/** A paused membership, both days included. */
export interface Pause {
  from: IsoDate;
  to: IsoDate;
}

export interface LoggedSet {
  reps: number;
  loadKg: number;
  /** Reps in reserve: how many more she could have done. */
  rir: number;
}

export interface LoggedExercise {
  exerciseId: string;
  sets: LoggedSet[];
}

export interface StrengthLog {
  type: "strength";
  /** The plan session she did; absent for training outside the plan (it still counts towards volume). */
  sessionId?: string;
  date: IsoDate;
  durationMinutes: number;
  /** Session RPE (1–10), asked after the session. */
  rpe: number;
  exercises: LoggedExercise[];
}

export interface RunLog {
  type: "run";
  sessionId?: string;
  date: IsoDate;
  minutes: number;
  distanceKm?: number;
  rpe: number;
}

export type SessionLog = StrengthLog | RunLog;

const isoDate = z.string().refine(isIsoDate, { error: "expected a date written YYYY-MM-DD" });
const nonNegative = z.number().min(0);

export const memberProfileSchema = z.strictObject({
  startDate: isoDate,
  availableDays: z
    .array(z.enum(WEEKDAYS as [Weekday, ...Weekday[]]))
    .min(2, { error: "choose at least 2 days" })
    .max(6, { error: "choose at most 6 days" })
    .refine((days) => new Set(days).size === days.length, { error: "each day only once" }),
  currentWeeklyRunningMinutes: nonNegative.max(3000),
  experience: z.enum(["new", "returning", "experienced"]),
}) satisfies z.ZodType<MemberProfile>;

export const pauseSchema = z.strictObject({ from: isoDate, to: isoDate }).refine((pause) => pause.from <= pause.to, {
  error: "a pause must end on or after the day it starts",
}) satisfies z.ZodType<Pause>;

const loggedSetSchema = z.strictObject({
  reps: z.number().int().min(0),
  loadKg: nonNegative,
  rir: z.number().int().min(0).max(10),
});

export const sessionLogSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("strength"),
    sessionId: z.string().min(1).optional(),
    date: isoDate,
    durationMinutes: nonNegative,
    rpe: z.number().min(1).max(10),
    exercises: z.array(z.strictObject({ exerciseId: z.string().min(1), sets: z.array(loggedSetSchema) })),
  }),
  z.strictObject({
    type: z.literal("run"),
    sessionId: z.string().min(1).optional(),
    date: isoDate,
    minutes: nonNegative,
    distanceKm: nonNegative.optional(),
    rpe: z.number().min(1).max(10),
  }),
]) satisfies z.ZodType<SessionLog>;
