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
  /** Her race day, for a plan with a race: the plan's start is counted back from it (see race.ts). */
  raceDate?: IsoDate;
  /** A recent race or time trial, flat out: her training paces come from it (see paces.ts). */
  recentRace?: RecentRace;
  /** Her maximum heart rate in beats per minute: her heart-rate zones come from it (see heart-rate.ts). */
  maxHeartRate?: number;
}

export interface RecentRace {
  distanceKm: number;
  timeSeconds: number;
}

/** A paused membership, both days included. */
export interface Pause {
  from: IsoDate;
  to: IsoDate;
}

/** How hard a set felt, if she says: reps in reserve (how many more she could have done) or RPE (10 = no more). */
export interface SetEffort {
  rir?: number;
  rpe?: number;
}

/** A set of reps. */
export interface RepSet extends SetEffort {
  reps: number;
  seconds?: undefined;
  loadKg: number;
}

/** A timed hold (a plank, an isometric): seconds instead of reps. */
export interface HoldSet extends SetEffort {
  seconds: number;
  reps?: undefined;
  loadKg: number;
}

export type LoggedSet = RepSet | HoldSet;

export interface LoggedExercise {
  exerciseId: string;
  /** The variation she did, by its id in the plan's ladder, for an exercise that has one. */
  variation?: string;
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

/**
 * Reps in reserve for a set, from whichever effort she gave (RPE 8 = 2 in reserve), or undefined when she gave none.
 */
export function readRir(set: SetEffort): number | undefined {
  if (set.rir !== undefined) return set.rir;
  return set.rpe === undefined ? undefined : Math.max(0, 10 - set.rpe);
}

/** Reps for a rep set, seconds for a hold: what the range of the exercise counts. */
export function readAmount(set: LoggedSet): number {
  return set.seconds ?? set.reps ?? 0;
}

const RACE_TIME_MESSAGE = "enter your race time as minutes:seconds (55:00) or hours:minutes:seconds (1:58:30)";
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
  raceDate: isoDate.optional(),
  recentRace: z
    .strictObject({
      distanceKm: z
        .number({ error: "enter the race distance in km" })
        .min(1.5, { error: "use a race or time trial of at least 1.5 km" })
        .max(42.2, { error: "use a race of at most marathon distance (42.2 km)" }),
      timeSeconds: z
        .number({ error: RACE_TIME_MESSAGE })
        .int({ error: RACE_TIME_MESSAGE })
        .positive({ error: RACE_TIME_MESSAGE }),
    })
    .refine((race) => race.timeSeconds / 60 / race.distanceKm >= 2.5 && race.timeSeconds / 60 / race.distanceKm <= 20, {
      error: "that time works out faster than 2:30/km or slower than 20:00/km: check the distance and the time",
    })
    .optional(),
  maxHeartRate: z
    .number({ error: "enter your maximum heart rate in beats per minute" })
    .int({ error: "enter a whole number of beats per minute" })
    .min(120, { error: "a maximum heart rate is at least 120 beats per minute" })
    .max(230, { error: "a maximum heart rate is at most 230 beats per minute" })
    .optional(),
}) satisfies z.ZodType<MemberProfile>;

export const pauseSchema = z.strictObject({ from: isoDate, to: isoDate }).refine((pause) => pause.from <= pause.to, {
  error: "a pause must end on or after the day it starts",
}) satisfies z.ZodType<Pause>;

/**
 * One set as she logs it: reps or seconds (never both), a load, and optionally how hard it felt as RIR or RPE (one of
 * the two). Checked as one object so each mistake is named by its own field, then typed as a rep set or a hold.
 */
const loggedSetSchema = z
  .strictObject({
    reps: z.number().int().min(0).max(1000).optional(),
    seconds: z.number().int().min(0).max(3600).optional(),
    loadKg: nonNegative.max(1000),
    rir: z.number().int().min(0).max(10).optional(),
    rpe: z.number().min(1).max(10).multipleOf(0.5).optional(),
  })
  .refine((set) => (set.reps === undefined) !== (set.seconds === undefined), {
    error: "give reps or seconds held, not both",
    path: ["reps"],
  })
  .refine((set) => set.rir === undefined || set.rpe === undefined, {
    error: "give reps in reserve or RPE, not both",
    path: ["rpe"],
  })
  .transform(({ reps, seconds, loadKg, rir, rpe }): LoggedSet => {
    const effort = { ...(rir === undefined ? {} : { rir }), ...(rpe === undefined ? {} : { rpe }) };
    return seconds !== undefined ? { seconds, loadKg, ...effort } : { reps: reps ?? 0, loadKg, ...effort };
  });

const VARIATION_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const sessionLogSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("strength"),
    sessionId: z.string().min(1).optional(),
    date: isoDate,
    durationMinutes: nonNegative,
    rpe: z.number().min(1).max(10),
    exercises: z.array(
      z.strictObject({
        exerciseId: z.string().min(1),
        variation: z.string().regex(VARIATION_ID, { error: "choose a variation from the list" }).optional(),
        sets: z.array(loggedSetSchema).max(20),
      }),
    ),
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
