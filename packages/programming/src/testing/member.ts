/**
 * One member as tests of pages and services meet her, on the sample content's plan: her profile, and her first
 * strength session logged at the top of its range.
 *
 * @example
 * const context = { plan, profile: returningRunner, logs: [firstStrengthSession], completedLessons: [], pauses: [], today };
 */
import type { MemberProfile, StrengthLog } from "../member.ts";

/** Starts on Monday 2 March 2026, trains five days a week, runs an hour a week. */
export const returningRunner = {
  startDate: "2026-03-02",
  availableDays: ["mon", "tue", "thu", "sat", "sun"],
  currentWeeklyRunningMinutes: 60,
  experience: "returning",
} satisfies MemberProfile;

/** Strength A of week 1, logged on its day: split squats at the top of the range, deadlifts just below. */
export const firstStrengthSession: StrengthLog = {
  type: "strength",
  sessionId: "w1-strength-a",
  date: "2026-03-03",
  durationMinutes: 40,
  rpe: 7,
  exercises: [
    { exerciseId: "split-squat", sets: [20, 20].map((reps) => ({ reps, loadKg: 10, rir: 3 })) },
    { exerciseId: "romanian-deadlift", sets: [20, 18].map((reps) => ({ reps, loadKg: 12, rir: 3 })) },
  ],
};
