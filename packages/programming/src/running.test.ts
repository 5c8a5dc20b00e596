import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { samplePlan } from "./fixtures/sample-plan.ts";
import type { Experience, MemberProfile } from "./member.ts";
import type { RunSession } from "./plan-schema.ts";
import {
  computeRunningScale,
  convertIntensityToRpe,
  MAX_RUNNING_SCALE,
  MIN_RUNNING_SCALE,
  prescribeRun,
  sumPlannedRunningMinutes,
} from "./running.ts";

const member = (currentWeeklyRunningMinutes: number, experience: Experience = "returning"): MemberProfile => ({
  startDate: "2025-01-06",
  availableDays: ["mon", "wed", "sat"],
  currentWeeklyRunningMinutes,
  experience,
});

// The sample plan's week 1 is 70 minutes of running and its ramp limit is 10%.
describe("computeRunningScale", () => {
  it("starts her at her current minutes plus at most the plan's ramp limit", () => {
    expect(computeRunningScale(samplePlan, member(50))).toBeCloseTo(55 / 70, 3);
    expect(computeRunningScale(samplePlan, member(63.64))).toBeCloseTo(1, 2);
  });

  it("never gives new or returning runners more than the plan", () => {
    expect(computeRunningScale(samplePlan, member(200, "new"))).toBe(1);
    expect(computeRunningScale(samplePlan, member(200, "returning"))).toBe(1);
  });

  it("lets an experienced runner start up to half as much again", () => {
    expect(computeRunningScale(samplePlan, member(80, "experienced"))).toBeCloseTo(88 / 70, 3);
    expect(computeRunningScale(samplePlan, member(500, "experienced"))).toBe(1.5);
  });

  it("starts someone who barely runs at half the plan", () => {
    expect(computeRunningScale(samplePlan, member(0, "new"))).toBe(0.5);
  });

  it("stays within its bounds and never puts week 1 above the limit unless at the floor", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 600 }),
        fc.constantFrom<Experience>("new", "returning", "experienced"),
        (minutes, experience) => {
          const scale = computeRunningScale(samplePlan, member(minutes, experience));
          expect(scale).toBeGreaterThanOrEqual(MIN_RUNNING_SCALE);
          expect(scale).toBeLessThanOrEqual(MAX_RUNNING_SCALE[experience]);
          const firstWeek = 70 * scale;
          if (scale > MIN_RUNNING_SCALE) expect(firstWeek).toBeLessThanOrEqual(minutes * 1.1 + 0.1);
        },
      ),
    );
  });
});

describe("prescribeRun", () => {
  const tempo: RunSession = {
    type: "run",
    id: "w5-run-2",
    kind: "tempo",
    durationMinutes: 26,
    distanceKm: 4,
    intensity: { rpe: 6 },
  };

  it("scales minutes and distance and explains the scale", () => {
    const run = prescribeRun(tempo, { scale: 0.8, deload: false, deloadRunningFraction: 0.7 });
    expect(run).toMatchObject({ title: "Tempo run", durationMinutes: 21, distanceKm: 3.2, deload: false });
    expect(run.reason).toBe(
      "21 min or 3.2 km at RPE 6. Your running is set to 80% of the plan to start near what you run now.",
    );
  });

  it("cuts a deload week's run", () => {
    const run = prescribeRun(tempo, { scale: 1, deload: true, deloadRunningFraction: 0.7 });
    expect(run).toMatchObject({ durationMinutes: 18, distanceKm: 2.8, deload: true });
    expect(run.reason).toBe("18 min or 2.8 km at RPE 6. Deload week: 30% less running than usual.");
  });
});

describe("running helpers", () => {
  it("turns zones into approximate RPE", () => {
    expect(convertIntensityToRpe({ rpe: 4 })).toBe(4);
    expect(convertIntensityToRpe({ zone: 2 })).toBe(3.5);
    expect(convertIntensityToRpe({ zone: 5 })).toBe(9.5);
  });

  it("sums a plan week's running minutes after the deload cut", () => {
    const weeks = samplePlan.phases.flatMap((phase) => phase.weeks);
    expect(weeks.map((week) => Math.round(sumPlannedRunningMinutes(samplePlan, week) * 10) / 10)).toEqual([
      70, 77, 84, 58.8, 92, 100, 108, 75.6, 116, 124, 132, 92.4,
    ]);
  });
});
