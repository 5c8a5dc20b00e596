/**
 * Her training settings as she saves them: for a race plan, a race date that anchors the plan (the start is counted
 * back from it, so the start she stored is the one every page and her calendar use), or the reason it cannot.
 */
import type { MemberProfileParams } from "@academy/db/queries/training";
import {
  countBackStartDate,
  explainRaceDateProblem,
  type IsoDate,
  type MemberProfile,
  type Plan,
} from "@academy/programming";

export type ProfileSettingsResult =
  | { profile: Omit<MemberProfileParams, "userId" | "planSlug"> }
  | { problem: { field: "raceDate"; message: string } };

export function resolveProfileSettings(plan: Plan, input: MemberProfile, today: IsoDate): ProfileSettingsResult {
  const { raceDate, recentRace, maxHeartRate, ...rest } = input;
  let startDate = input.startDate;
  if (raceDate !== undefined && plan.race !== undefined) {
    const problem = explainRaceDateProblem(plan, raceDate, today);
    if (problem !== undefined) return { problem: { field: "raceDate", message: problem } };
    startDate = countBackStartDate(plan, raceDate);
  }
  return {
    profile: {
      ...rest,
      startDate,
      // Cleared fields are stored as cleared, so she can take a race or a heart rate back out.
      raceDate: plan.race === undefined ? null : (raceDate ?? null),
      recentRace: recentRace ?? null,
      maxHeartRate: maxHeartRate ?? null,
    },
  };
}
