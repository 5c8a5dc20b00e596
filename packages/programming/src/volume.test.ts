import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RunLog, SessionLog, StrengthLog } from "./member.ts";
import type { ExercisePrescription } from "./progression.ts";
import type { RunPrescription } from "./running.ts";
import {
  addVolumes,
  EMPTY_VOLUME,
  measureLoggedSession,
  measurePrescribedRun,
  measurePrescribedStrength,
  summarizeLoggedVolume,
  summarizeLoggedVolumeByWeek,
  sumVolumes,
  type WeeklyVolume,
} from "./volume.ts";

const easyRun: RunLog = {
  type: "run",
  sessionId: "w1-run-1",
  date: "2025-01-06",
  minutes: 30,
  distanceKm: 4.5,
  rpe: 3,
};
const longRun: RunLog = {
  type: "run",
  sessionId: "w1-long-run",
  date: "2025-01-12",
  minutes: 50,
  distanceKm: 7,
  rpe: 4,
};
const strengthA: StrengthLog = {
  type: "strength",
  sessionId: "w1-strength-a",
  date: "2025-01-08",
  durationMinutes: 45,
  rpe: 7,
  exercises: [
    {
      exerciseId: "split-squat",
      sets: [
        { reps: 12, loadKg: 20, rir: 2 },
        { reps: 11, loadKg: 20, rir: 1 },
        { reps: 10, loadKg: 20, rir: 4 },
      ],
    },
    { exerciseId: "romanian-deadlift", sets: [{ reps: 10, loadKg: 30, rir: 3 }] },
  ],
};

describe("weekly volume from logs", () => {
  it("adds up a hand-computed week", () => {
    expect(summarizeLoggedVolume([easyRun, strengthA, longRun])).toEqual({
      runningMinutes: 80,
      runningKm: 11.5,
      // Sets at 2, 1 and 3 RIR are hard; the set at 4 RIR is not.
      strengthHardSets: 3,
      strengthTotalReps: 43,
      // 3 × 30 + 4 × 50
      runningLoad: 290,
      // 7 × 45
      strengthLoad: 315,
      load: 605,
    });
  });

  it("counts a run without a distance as no kilometres", () => {
    expect(measureLoggedSession({ ...easyRun, distanceKm: undefined }).runningKm).toBe(0);
  });

  it("splits logs by week, both ends included", () => {
    const weeks = summarizeLoggedVolumeByWeek(
      [easyRun, strengthA, longRun],
      [
        { from: "2025-01-06", to: "2025-01-08" },
        { from: "2025-01-09", to: "2025-01-12" },
        { from: "2025-01-13", to: "2025-01-19" },
      ],
    );
    expect(weeks.map((week) => week.load)).toEqual([90 + 315, 200, 0]);
  });
});

describe("weekly volume from a prescription", () => {
  const run: RunPrescription = {
    sessionId: "w1-long-run",
    kind: "long",
    title: "Long run",
    durationMinutes: 40,
    intensity: { zone: 2 },
    deload: false,
    reason: "",
  };

  it("uses the zone's RPE for a run's load and leaves distance-only runs without minutes", () => {
    expect(measurePrescribedRun(run)).toEqual({ ...EMPTY_VOLUME, runningMinutes: 40, runningLoad: 140, load: 140 });
    const byDistance = measurePrescribedRun({ ...run, durationMinutes: undefined, distanceKm: 5 });
    expect(byDistance).toEqual({ ...EMPTY_VOLUME, runningKm: 5 });
  });

  it("counts hard sets by target RIR and reps by the reps she aims for", () => {
    const exercise = (sets: number, aimReps: number, targetRir: number) =>
      ({ sets, aimReps, targetRir }) as ExercisePrescription;
    const volume = measurePrescribedStrength({
      durationMinutes: 40,
      rpe: 6,
      exercises: [exercise(3, 10, 2), exercise(2, 15, 3), exercise(2, 6, 5)],
    });
    expect(volume.strengthHardSets).toBe(5);
    expect(volume.strengthTotalReps).toBe(30 + 30 + 12);
    expect(volume.load).toBe(240);
  });
});

const setArbitrary = fc.record({
  reps: fc.integer({ min: 0, max: 30 }),
  loadKg: fc.integer({ min: 0, max: 200 }),
  rir: fc.integer({ min: 0, max: 10 }),
});

const logArbitrary: fc.Arbitrary<SessionLog> = fc.oneof(
  fc.record({
    type: fc.constant("run" as const),
    date: fc.constantFrom("2025-01-06", "2025-01-07", "2025-01-12", "2025-01-13"),
    minutes: fc.integer({ min: 0, max: 180 }),
    distanceKm: fc.option(
      fc.integer({ min: 0, max: 300 }).map((tenths) => tenths / 10),
      { nil: undefined },
    ),
    rpe: fc.integer({ min: 1, max: 10 }),
  }),
  fc.record({
    type: fc.constant("strength" as const),
    date: fc.constantFrom("2025-01-06", "2025-01-08", "2025-01-13"),
    durationMinutes: fc.integer({ min: 0, max: 90 }),
    rpe: fc.integer({ min: 1, max: 10 }),
    exercises: fc.array(
      fc.record({ exerciseId: fc.constantFrom("a", "b"), sets: fc.array(setArbitrary, { maxLength: 5 }) }),
      { maxLength: 4 },
    ),
  }),
);

function expectClose(actual: WeeklyVolume, expected: WeeklyVolume): void {
  for (const key of Object.keys(expected) as (keyof WeeklyVolume)[]) {
    expect(actual[key]).toBeCloseTo(expected[key], 6);
  }
}

describe("weekly volume properties", () => {
  it("equals the sum of its sessions, and load is running load plus strength load", () => {
    fc.assert(
      fc.property(fc.array(logArbitrary, { maxLength: 12 }), (logs) => {
        const total = summarizeLoggedVolume(logs);
        expectClose(total, sumVolumes(logs.map(measureLoggedSession)));
        expect(total.load).toBeCloseTo(total.runningLoad + total.strengthLoad, 6);
        const runs = logs.filter((log) => log.type === "run");
        const strength = logs.filter((log) => log.type === "strength");
        expectClose(total, addVolumes(summarizeLoggedVolume(runs), summarizeLoggedVolume(strength)));
        const sets = strength.flatMap((log) => log.exercises.flatMap((exercise) => exercise.sets));
        expect(total.strengthTotalReps).toBe(sets.reduce((sum, set) => sum + (set.reps ?? 0), 0));
        expect(total.strengthHardSets).toBeLessThanOrEqual(sets.length);
      }),
    );
  });

  it("splits into weeks whose totals add back up to the whole", () => {
    fc.assert(
      fc.property(fc.array(logArbitrary, { maxLength: 12 }), (logs) => {
        const weeks = summarizeLoggedVolumeByWeek(logs, [
          { from: "2025-01-06", to: "2025-01-12" },
          { from: "2025-01-13", to: "2025-01-19" },
        ]);
        expectClose(sumVolumes(weeks), summarizeLoggedVolume(logs));
      }),
    );
  });
});
