import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { noviceHalfPlan, noviceHalfPlanData } from "./fixtures/novice-half-plan.ts";
import { parsePlan } from "./plan-schema.ts";
import { assessRamp, checkPlanRamp, exceedsRampLimit } from "./ramp.ts";
import { sumPlannedRunningKm } from "./running.ts";
import { EMPTY_VOLUME } from "./volume.ts";

function minutesWeek(minutes: number, sessions = 4) {
  return {
    sessions: Array.from({ length: sessions }, (_, index) => ({
      type: "run" as const,
      id: `r${minutes}-${index}`,
      kind: "easy" as const,
      durationMinutes: minutes / sessions,
      intensity: { rpe: 4 },
    })),
  };
}

describe("ramp floor", () => {
  it("Higdon Novice 1 as published (long run 4→10 mi with step-backs in weeks 5 and 8) builds with zero findings", () => {
    expect(checkPlanRamp(noviceHalfPlan)).toEqual([]);
  });

  it("the same plan without its step-back weeks and floor is refused (week 3: 12 → 14 mi is +16.7%)", () => {
    const strict = parsePlan(
      {
        ...noviceHalfPlanData,
        rampFloorKm: 0,
        phases: noviceHalfPlanData.phases.map((phase) => ({
          ...phase,
          weeks: phase.weeks.map((week) => ({ ...week, stepBack: false })),
        })),
      },
      "strict.yaml",
    );
    const findings = checkPlanRamp(strict);
    expect(findings.map((finding) => finding.weekNumber)).toContain(3);
    // 12 mi = 4.8 + 3.2 + 4.8 + 6.4 = 19.2 km (each run rounded to 0.1 km) → 14 mi = 5.6 + 3.2 + 5.6 + 8 = 22.4 km
    expect(findings.find((finding) => finding.weekNumber === 3)?.message).toBe(
      "novice-half-marathon: week 3 prescribes 22.4 km of running, 16.7% more than week 2 (19.2 km); the plan's " +
        "limit is 10% a week.",
    );
  });

  it("week 7 (+3 mi: 6.4 + 3.2 + 6.4 + 11.3 = 27.3 → 7.2 + 4.8 + 7.2 + 12.9 = 32.1 km) is within a 5 km floor", () => {
    const weeks = noviceHalfPlan.phases[0]?.weeks ?? [];
    const km = weeks.map((week) => Math.round(sumPlannedRunningKm(noviceHalfPlan, week) * 10) / 10);
    expect(km.slice(5, 7)).toEqual([27.3, 32.1]);
    // Race week: 6.4 + 4.8 + 3.2 km of runs and the full 21.1 km race, never judged by the ramp rule.
    expect(km[11]).toBe(35.5);
  });

  it("a true jump is still flagged with the same floor: 300 → 420 min in a week of 5 hours is +40%", () => {
    const plan = parsePlan(
      {
        id: "jump",
        title: "Jump",
        lessons: [],
        rampFloorMinutes: 30,
        rampFloorKm: 5,
        phases: [
          {
            id: "p",
            title: "P",
            repRange: { min: 8, max: 12 },
            weeks: [
              { number: 1, ...minutesWeek(300) },
              { number: 2, ...minutesWeek(420) },
            ],
          },
        ],
      },
      "jump.yaml",
    );
    const [finding] = checkPlanRamp(plan);
    expect(finding?.weekNumber).toBe(2);
    expect(finding?.increasePercent).toBeCloseTo(40);
  });

  it("a rise within the floor never flags, even at +50% (20 → 30 min, floor 10 min)", () => {
    expect(exceedsRampLimit(20, 30, 10, 10)).toBe(false);
    expect(exceedsRampLimit(20, 31, 10, 10)).toBe(true);
    expect(exceedsRampLimit(100, 110, 10, 0)).toBe(false);
  });

  it("flags only rises above both the floor and the percentage (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 0, max: 60 }),
        (previous, current, limit, floor) => {
          const flagged = exceedsRampLimit(previous, current, limit, floor);
          const rise = current - previous;
          if (rise <= floor) expect(flagged).toBe(false);
          if (rise * 100 <= previous * limit) expect(flagged).toBe(false);
          if (rise > floor && rise * 100 > previous * limit + 1e-6) expect(flagged).toBe(true);
        },
      ),
    );
  });

  it("member guidance after a step-back week compares with the last full week (100 → step-back 70 → 108: nothing)", () => {
    const week = (runningMinutes: number, stepBack = false) => ({
      volume: { ...EMPTY_VOLUME, runningMinutes },
      deload: false,
      stepBack,
    });
    expect(assessRamp([week(100), week(70, true)], week(108))).toEqual([]);
    expect(assessRamp([week(100), week(70, true)], week(125))).toHaveLength(1);
  });

  it("race week raises no guidance, however big the race (60 min → a 21.1 km race week)", () => {
    const usual = [60, 60, 60, 60].map((minutes) => ({
      volume: { ...EMPTY_VOLUME, runningMinutes: minutes, load: minutes * 4 },
      deload: false,
    }));
    const raceWeek = { volume: { ...EMPTY_VOLUME, runningMinutes: 200, load: 1400 }, deload: false, raceWeek: true };
    expect(assessRamp(usual, raceWeek)).toEqual([]);
    expect(assessRamp(usual, { ...raceWeek, raceWeek: false }).length).toBeGreaterThan(0);
  });
});
