import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { samplePlan } from "./fixtures/sample-plan.ts";
import type { LoggedSet, SessionLog } from "./member.ts";
import { estimateOneRepMax, ONE_REP_MAX_FORMULA, trackOneRepMax } from "./one-rep-max.ts";

const strength = (date: string, exerciseId: string, sets: LoggedSet[]): SessionLog => ({
  type: "strength",
  sessionId: "w5-strength-a",
  date,
  durationMinutes: 45,
  rpe: 7,
  exercises: [{ exerciseId, sets }],
});

describe("estimateOneRepMax (Epley)", () => {
  it("names its formula", () => {
    expect(ONE_REP_MAX_FORMULA).toBe("Epley");
  });

  it("20 kg × 10 reps → 20 × (1 + 10/30) = 26.7 kg; 30 kg × 5 → 35 kg; a single is the load itself", () => {
    expect(estimateOneRepMax(20, 10)).toBe(26.7);
    expect(estimateOneRepMax(30, 5)).toBe(35);
    expect(estimateOneRepMax(50, 1)).toBe(50);
  });

  it("counts only 1–12 reps to failure, and only with a load: 20 kg × 13 and 0 kg × 8 give nothing", () => {
    expect(estimateOneRepMax(20, 12)).toBe(28);
    expect(estimateOneRepMax(20, 13)).toBeUndefined();
    expect(estimateOneRepMax(0, 8)).toBeUndefined();
  });

  it("rises with load and with reps, and is never below the load (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 800 }), fc.integer({ min: 1, max: 11 }), (quarters, count) => {
        const load = quarters / 4;
        const estimate = estimateOneRepMax(load, count) ?? Number.NaN;
        expect(estimate).toBeGreaterThanOrEqual(load - 0.05);
        expect(estimateOneRepMax(load, count + 1) ?? 0).toBeGreaterThanOrEqual(estimate);
        expect(estimateOneRepMax(load + 2.5, count) ?? 0).toBeGreaterThan(estimate);
      }),
    );
  });
});

describe("trackOneRepMax", () => {
  it("keeps each day's best set, adds reps in reserve to reps, and leaves out high-rep and bodyweight sets", () => {
    const logs = [
      // 15 reps + 3 in reserve is 18 to failure: a foundation set says nothing about a maximum.
      strength("2026-02-02", "split-squat", [{ reps: 15, loadKg: 10, rir: 3 }]),
      // 8 reps with 2 in reserve ≈ a 10-rep max at 16 kg: 16 × (1 + 10/30) = 21.3 kg; 10 reps at 14 kg, RPE 10: 18.7.
      strength("2026-03-02", "split-squat", [
        { reps: 8, loadKg: 16, rir: 2 },
        { reps: 10, loadKg: 14, rpe: 10 },
      ]),
      // No effort given: 8 reps count as 8 to failure, 18 × (1 + 8/30) = 22.8 kg.
      strength("2026-03-09", "split-squat", [{ reps: 8, loadKg: 18 }]),
      strength("2026-03-09", "breathing-90-90", [{ reps: 8, loadKg: 0, rir: 4 }]),
    ];
    const trends = trackOneRepMax(samplePlan, logs);
    expect(trends.map((trend) => trend.exerciseId)).toEqual(["split-squat"]);
    expect(trends[0]?.name).toBe("Dumbbell split squat");
    expect(trends[0]?.points).toEqual([
      { date: "2026-03-02", kg: 21.3, reps: 8, loadKg: 16, rir: 2 },
      { date: "2026-03-09", kg: 22.8, reps: 8, loadKg: 18 },
    ]);
  });

  it("is empty before she has logged a countable set", () => {
    expect(trackOneRepMax(samplePlan, [])).toEqual([]);
  });
});
