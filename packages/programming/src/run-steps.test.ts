import { describe, expect, it } from "vitest";
import { PlanValidationError, parsePlan, type RunStep } from "./plan-schema.ts";
import { previewSession } from "./prescribe.ts";
import { describeRunSteps } from "./run-steps.ts";

const intervals: RunStep[] = [
  { type: "warmup", durationMinutes: 10, target: { heartRateZone: 2 } },
  {
    type: "repeat",
    times: 6,
    steps: [
      { type: "run", distanceKm: 0.4, target: { pace: "interval" } },
      { type: "recovery", durationMinutes: 1.5, target: { rpe: 2 } },
    ],
  },
  { type: "strides", times: 4, seconds: 20 },
  { type: "cooldown", durationMinutes: 10, target: { pace: "easy" } },
];

function planWith(steps: unknown) {
  return {
    id: "structured",
    title: "Structured",
    lessons: [],
    phases: [
      {
        id: "p",
        title: "P",
        repRange: { min: 8, max: 12 },
        weeks: [
          {
            number: 1,
            sessions: [
              { type: "run", id: "w1-intervals", kind: "intervals", durationMinutes: 45, intensity: { rpe: 8 }, steps },
            ],
          },
        ],
      },
    ],
  };
}

describe("structured runs", () => {
  it("shows each step in her numbers with where they came from (5K 25:00 → interval 4:51–4:57/km; max HR 180)", () => {
    const steps = describeRunSteps(intervals, {
      recentRace: { distanceKm: 5, timeSeconds: 25 * 60 },
      maxHeartRate: 180,
    });
    expect(steps[0]).toEqual({
      label: "Warm up",
      amount: "10 min",
      target: { text: "zone 2: 109–126 bpm", source: "from your maximum heart rate of 180" },
    });
    expect(steps[1]?.label).toBe("6 ×");
    expect(steps[1]?.amount).toBe("400 m + 1 min 30 s");
    expect(steps[1]?.steps?.[0]?.target).toEqual({ text: "interval 4:51–4:57/km", source: "from your 5K of 25:00" });
    expect(steps[2]).toEqual({ label: "Strides", amount: "4 × 20 s", target: { text: "quick and relaxed" } });
  });

  it("without her numbers, says how a target feels and what to enter", () => {
    const [warmup, , , cooldown] = describeRunSteps(intervals, {});
    expect(warmup?.target).toEqual({
      text: "zone 2 (easy, conversational)",
      hint: "Add your maximum heart rate in your training settings to see your zones in beats per minute.",
    });
    expect(cooldown?.target?.text).toBe("easy pace (conversational, RPE 3–4)");
    expect(cooldown?.target?.hint).toBe("Add a recent race in your training settings to see your paces.");
  });

  it("keeps the steps as written in her prescription", () => {
    const plan = parsePlan(planWith(intervals), "structured.yaml");
    const run = previewSession({ plan }, "w1-intervals");
    expect(run?.type === "run" && run.steps).toEqual(intervals);
  });

  it("names a step's mistake with its place in the file", () => {
    const broken = [{ type: "run", durationMinutes: 3, distanceKm: 1, target: { rpe: 7 } }];
    expect(() => parsePlan(planWith(broken), "structured.yaml")).toThrow(
      new PlanValidationError("structured.yaml", [
        {
          path: "phases[0].weeks[0].sessions[0].steps[0]",
          message: "a step needs exactly one of durationMinutes or distanceKm",
        },
      ]),
    );
  });
});
