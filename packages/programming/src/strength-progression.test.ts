/**
 * The strength rules a coach signs off on, with hand-worked figures: every prescribed set at the top before adding
 * load, a faster step with reserve to spare, stopping early is not failing, per-exercise steps with a cap as a share of
 * the load, deloads that ease effort and budget, timed holds and ladders of named variations.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { LoggedSet } from "./member.ts";
import { type Exercise, type PlanInput, parsePlan, type RepRange } from "./plan-schema.ts";
import { deloadStrengthBudget, previewSession } from "./prescribe.ts";
import {
  classifyPerformance,
  computeLoadIncrease,
  type ExercisePerformance,
  type ExercisePrescription,
  prescribeExercise,
  raiseDeloadRir,
} from "./progression.ts";

const BUILD: RepRange = { min: 8, max: 12 };

const exercise = (overrides: Partial<Exercise> = {}): Exercise => ({
  id: "overhead-press",
  name: "Overhead press",
  sets: 3,
  measure: "reps",
  reps: BUILD,
  holdStepSeconds: 5,
  variations: [],
  targetRir: 2,
  restSeconds: 120,
  cues: [],
  lessonSlug: "press",
  loadIncrementKg: 2.5,
  loadGuidance: "challenging but safe",
  ...overrides,
});

const NORMAL = { deload: false, deloadSetsFraction: 0.5, deloadRirIncrease: 2 };

function session(sets: LoggedSet[], overrides: Partial<ExercisePerformance> = {}): ExercisePerformance {
  return { date: "2026-03-02", reps: BUILD, targetRir: 2, deload: false, prescribedSets: 3, sets, ...overrides };
}

const reps = (count: number, loadKg: number, rir?: number): LoggedSet => ({
  reps: count,
  loadKg,
  ...(rir === undefined ? {} : { rir }),
});
const held = (seconds: number, rir?: number): LoggedSet => ({
  seconds,
  loadKg: 0,
  ...(rir === undefined ? {} : { rir }),
});

function kgOf(prescription: ExercisePrescription): number {
  if (prescription.load.kind !== "kg") throw new Error(`expected a load in kg, got ${prescription.load.kind}`);
  return prescription.load.kg;
}

describe("adding load only when every prescribed set reached the top", () => {
  it("2 of 3 sets at the top (12, 12 and 10 reps at 40 kg) earns no increase: keep 40 kg, one more rep", () => {
    const next = prescribeExercise(exercise(), [session([reps(12, 40, 2), reps(12, 40, 2), reps(10, 40, 2)])], NORMAL);
    expect(kgOf(next)).toBe(40);
    expect(next.decision).toBe("add-rep");
    expect(next.aimReps).toBe(11);
  });

  it("2 sets logged of 3 prescribed, both at the top, earns no increase either", () => {
    const next = prescribeExercise(exercise(), [session([reps(12, 40, 2), reps(12, 40, 2)])], NORMAL);
    expect(kgOf(next)).toBe(40);
    expect(next.decision).toBe("hold-load");
    expect(next.reason).toBe(
      "You logged 2 of 3 sets last time: keep 40 kg and reach 12 reps on all 3 before moving on.",
    );
  });

  it("all 3 at the top at the target 2 RIR: 40 kg + one 2.5 kg step = 42.5 kg (6.25%, under a 10% cap)", () => {
    const history = [session([reps(12, 40, 2), reps(12, 40, 2), reps(12, 40, 2)])];
    const next = prescribeExercise(exercise(), history, { ...NORMAL, loadIncreaseCapPercent: 10 });
    expect(kgOf(next)).toBe(42.5);
    expect(next.aimReps).toBe(8);
    expect(next.reason).toBe("You hit 12 reps on every set at 2 RIR last time: add 2.5 kg and start again at 8 reps.");
  });

  it("never adds load while fewer sets are logged than prescribed (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 0, max: 5 }), (prescribed, rir) => {
        const sets = Array.from({ length: prescribed - 1 }, () => reps(12, 40, rir));
        const next = prescribeExercise(
          exercise({ sets: prescribed }),
          [session(sets, { prescribedSets: prescribed })],
          NORMAL,
        );
        expect(kgOf(next)).toBeLessThanOrEqual(40);
      }),
    );
  });
});

describe("a faster step when she had more in reserve than the target", () => {
  it("every set at 4 RIR against a target of 2 at 60 kg: two 2.5 kg steps = 65 kg (5 kg is 8.3%, under 10%)", () => {
    const history = [session([reps(12, 60, 4), reps(12, 60, 4), reps(12, 60, 3)])];
    const next = prescribeExercise(exercise(), history, { ...NORMAL, loadIncreaseCapPercent: 10 });
    expect(kgOf(next)).toBe(65);
    expect(next.reason).toContain("add 5 kg, two steps since every set left more in reserve than asked");
  });

  it("the same sets at 40 kg take one step: two would be 5 kg, 12.5% of 40 kg, over a 10% cap of 4 kg", () => {
    const history = [session([reps(12, 40, 4), reps(12, 40, 4), reps(12, 40, 4)])];
    const next = prescribeExercise(exercise(), history, { ...NORMAL, loadIncreaseCapPercent: 10 });
    expect(kgOf(next)).toBe(42.5);
    expect(next.reason).toContain("one step: two would be more than 10% of 40 kg");
  });

  it("one set exactly at the target keeps the single step", () => {
    const outcome = classifyPerformance(session([reps(12, 40, 4), reps(12, 40, 2), reps(12, 40, 4)]));
    expect(outcome).toBe("top-of-range");
  });
});

describe("stopping early is not failing", () => {
  const foundation: RepRange = { min: 15, max: 20 };
  const lunge = exercise({ id: "lunge", reps: foundation, targetRir: 3, loadIncrementKg: 2 });
  // 12 reps with 3 in reserve could have been 15: she stopped early, twice, and keeps her 10 kg.
  const stoppedEarly = session([reps(12, 10, 3), reps(12, 10, 3)], {
    reps: foundation,
    targetRir: 3,
    prescribedSets: 2,
  });

  it("12 reps with 3 in reserve twice (range 15–20) keeps 10 kg: no back-off", () => {
    const next = prescribeExercise(lunge, [stoppedEarly, { ...stoppedEarly, date: "2026-03-05" }], NORMAL);
    expect(classifyPerformance(stoppedEarly)).toBe("stopped-short");
    expect(kgOf(next)).toBe(10);
    expect(next.decision).toBe("hold-load");
    expect(next.reason).toContain("that is not failing");
  });

  it("12 reps with 0 in reserve twice is failing: one 2 kg step lighter, 8 kg", () => {
    const failed = session([reps(12, 10, 0), reps(12, 10, 0)], { reps: foundation, targetRir: 3, prescribedSets: 2 });
    const next = prescribeExercise(lunge, [failed, { ...failed, date: "2026-03-05" }], NORMAL);
    expect(next.decision).toBe("back-off");
    expect(kgOf(next)).toBe(8);
  });
});

describe("per-exercise steps with a cap as a share of the load", () => {
  const press = exercise({ loadIncreaseCapPercent: 5 });
  const atTop = (count: number) => session([reps(count, 30, 2), reps(count, 30, 2), reps(count, 30, 2)]);

  it("+2.5 kg on a 30 kg press is 8.3%, over a 5% cap: keep 30 kg and earn it with 13 reps on every set", () => {
    const next = prescribeExercise(press, [atTop(12)], NORMAL);
    expect(kgOf(next)).toBe(30);
    expect(next.aimReps).toBe(13);
    expect(next.reason).toBe(
      "You hit 12 reps on every set at 2 RIR last time. The next step, 2.5 kg, is 8% of 30 kg, more than the plan's 5% at once: keep 30 kg and aim for 13 reps on every set first.",
    );
  });

  it("with 13 reps on every set she has earned the 2.5 kg step: 32.5 kg", () => {
    const next = prescribeExercise(press, [atTop(13)], NORMAL);
    expect(kgOf(next)).toBe(32.5);
    expect(next.reason).toContain("earned with 13 reps on every set");
  });

  it("with 1 kg plates on the same press the cap of 1.5 kg rounds down to 1 kg: 31 kg", () => {
    const next = prescribeExercise(exercise({ loadIncrementKg: 1, loadIncreaseCapPercent: 5 }), [atTop(12)], NORMAL);
    expect(kgOf(next)).toBe(31);
  });

  it("the exercise's own cap wins over the plan's", () => {
    const next = prescribeExercise(press, [atTop(12)], { ...NORMAL, loadIncreaseCapPercent: 25 });
    expect(kgOf(next)).toBe(30);
  });

  it("computeLoadIncrease: 30 kg, 2.5 kg step, 10% → 2.5 kg; 5% → 0; 0 kg takes the step; no cap → the steps", () => {
    expect(computeLoadIncrease(30, 2.5, 1, 10)).toBe(2.5);
    expect(computeLoadIncrease(30, 2.5, 1, 5)).toBe(0);
    expect(computeLoadIncrease(0, 2.5, 1, 5)).toBe(2.5);
    expect(computeLoadIncrease(30, 2.5, 2)).toBe(5);
    expect(computeLoadIncrease(20, 1.25, 2, 10)).toBe(1.25);
  });

  it("an increase is whole steps, at most the steps asked, and within the cap (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 800 }).map((quarters) => quarters / 4),
        fc.constantFrom(0.5, 1, 1.25, 2, 2.5, 5),
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 1, max: 50 }),
        (load, step, steps, cap) => {
          const added = computeLoadIncrease(load, step, steps, cap);
          const wholeSteps = added / step;
          expect(Math.abs(wholeSteps - Math.round(wholeSteps))).toBeLessThan(1e-9);
          expect(added).toBeLessThanOrEqual(steps * step + 1e-9);
          expect(added).toBeLessThanOrEqual((load * cap) / 100 + 1e-9);
        },
      ),
    );
  });
});

describe("deloads lower the effort target and the strength budget", () => {
  it("target 2 RIR becomes 4 with the default +2, and never passes 10", () => {
    expect(raiseDeloadRir(2, 2)).toBe(4);
    expect(raiseDeloadRir(9, 2)).toBe(10);
    const next = prescribeExercise(exercise(), [session([reps(10, 40, 2), reps(10, 40, 2), reps(10, 40, 2)])], {
      ...NORMAL,
      deload: true,
    });
    expect(next.targetRir).toBe(4);
    expect(next.sets).toBe(2);
    expect(next.reason).toContain("stopping with 4 in reserve");
  });

  it("a 40-minute RPE 6 session of 8 sets keeps 4: 20 minutes at RPE 4, an sRPE load of 80 instead of 240", () => {
    const written = { durationMinutes: 40, rpe: 6, exercises: [{ sets: 2 }, { sets: 2 }, { sets: 2 }, { sets: 2 }] };
    const budget = deloadStrengthBudget(written, [{ sets: 1 }, { sets: 1 }, { sets: 1 }, { sets: 1 }], {
      deload: { setsFraction: 0.5, runningFraction: 0.7, rirIncrease: 2 },
    });
    expect(budget).toEqual({ durationMinutes: 20, rpe: 4 });
    expect(budget.durationMinutes * budget.rpe).toBe(80);
  });
});

/** A two-week plan with a plank (a timed hold) and a push-up ladder; week 2 is a deload. */
const ladderPlanData: PlanInput = {
  id: "ladder",
  title: "Ladder",
  lessons: ["core", "push-up"],
  phases: [
    {
      id: "base",
      title: "Base",
      repRange: { min: 8, max: 12 },
      weeks: [1, 2].map((number) => ({
        number,
        deload: number === 2,
        sessions: [
          {
            type: "strength" as const,
            id: `w${number}-strength`,
            title: "Strength",
            durationMinutes: 30,
            rpe: 6,
            exercises: [
              {
                id: "plank",
                name: "Front plank",
                sets: 2,
                holdSeconds: { min: 20, max: 45 },
                targetRir: 2,
                restSeconds: 60,
                lessonSlug: "core",
                loadIncrementKg: 0,
              },
              {
                id: "push-up",
                name: "Push-up",
                sets: 2,
                targetRir: 2,
                restSeconds: 60,
                lessonSlug: "push-up",
                loadIncrementKg: 0,
                variations: [
                  { id: "incline-push-up", name: "Incline push-up" },
                  { id: "push-up", name: "Push-up" },
                  { id: "decline-push-up", name: "Decline push-up" },
                ],
              },
            ],
          },
        ],
      })),
    },
  ],
};
const ladderPlan = parsePlan(ladderPlanData, "ladder.yaml");
const planExercise = (id: string): Exercise => {
  const first = ladderPlan.phases[0]?.weeks[0]?.sessions[0];
  const found = first?.type === "strength" ? first.exercises.find((candidate) => candidate.id === id) : undefined;
  if (found === undefined) throw new Error(`no exercise ${id}`);
  return found;
};

describe("timed holds progress by time", () => {
  const plank = planExercise("plank");
  const holds = (sets: LoggedSet[]) => session(sets, { reps: plank.reps, prescribedSets: 2 });

  it("parses holdSeconds into a hold measured in seconds, 20–45 s", () => {
    expect(plank.measure).toBe("seconds");
    expect(plank.reps).toEqual({ min: 20, max: 45 });
  });

  it("30 s and 35 s held: aim for 35 s on both sets (5 s more than the shorter one)", () => {
    const next = prescribeExercise(plank, [holds([held(30, 2), held(35, 2)])], NORMAL);
    expect(next.aimReps).toBe(35);
    expect(next.measure).toBe("seconds");
    expect(next.reason).toBe(
      "You did 30–35 seconds last time: stay with bodyweight and aim for 5 seconds more (35 on every set).",
    );
  });

  it("45 s on both sets: time for the harder variation", () => {
    const next = prescribeExercise(plank, [holds([held(45, 2), held(45, 2)])], NORMAL);
    expect(next.decision).toBe("harder-variation");
  });

  it("15 s with 2 in reserve is stopping early; 15 s with nothing left is falling short", () => {
    expect(classifyPerformance(holds([held(15, 2), held(30, 2)]))).toBe("stopped-short");
    expect(classifyPerformance(holds([held(15, 0), held(30, 2)]))).toBe("below-range");
  });
});

describe("bodyweight progressions through named variations", () => {
  const pushUp = planExercise("push-up");
  const did = (variation: string, count: number, rir = 2) =>
    session([reps(count, 0, rir), reps(count, 0, rir)], { prescribedSets: 2, variation });

  it("starts on the easiest rung, named", () => {
    const first = prescribeExercise(pushUp, [], NORMAL);
    expect(first.variation).toEqual({ id: "incline-push-up", name: "Incline push-up" });
    expect(first.reason).toMatch(/^Incline push-up: aim for 8–12 reps/);
  });

  it("12 incline push-ups on both sets: move up to Push-up, by name, back at 8 reps", () => {
    const next = prescribeExercise(pushUp, [did("incline-push-up", 12)], NORMAL);
    expect(next.decision).toBe("harder-variation");
    expect(next.variation?.name).toBe("Push-up");
    expect(next.aimReps).toBe(8);
    expect(next.reason).toBe(
      "You hit 12 reps on every set at 2 RIR last time: move up to Push-up and start again at 8 reps.",
    );
  });

  it("within the range stays on her rung and adds a rep", () => {
    const next = prescribeExercise(pushUp, [did("push-up", 9)], NORMAL);
    expect(next.variation?.id).toBe("push-up");
    expect(next.aimReps).toBe(10);
  });

  it("falling short twice on Push-up steps back to Incline push-up", () => {
    const next = prescribeExercise(
      pushUp,
      [did("push-up", 5, 0), { ...did("push-up", 5, 0), date: "2026-03-05" }],
      NORMAL,
    );
    expect(next.decision).toBe("easier-variation");
    expect(next.variation?.name).toBe("Incline push-up");
  });

  it("at the top of the hardest rung she keeps it and slows the lowering", () => {
    const next = prescribeExercise(pushUp, [did("decline-push-up", 12)], NORMAL);
    expect(next.variation?.id).toBe("decline-push-up");
    expect(next.reason).toContain("Decline push-up is the hardest variation in the plan");
  });
});

describe("a deload week as prescribed from the plan", () => {
  it("keeps 1 of 2 sets, targets 4 RIR instead of 2, and asks RPE 4 for 15 minutes instead of RPE 6 for 30", () => {
    const deload = previewSession({ plan: ladderPlan }, "w2-strength");
    if (deload?.type !== "strength") throw new Error("expected the deload strength session");
    expect(deload.rpe).toBe(4);
    expect(deload.durationMinutes).toBe(15);
    expect(deload.exercises.map((each) => [each.sets, each.targetRir])).toEqual([
      [1, 4],
      [1, 4],
    ]);
  });
});

describe("plan checks for holds and ladders", () => {
  const firstExercise = (data: PlanInput) => {
    const first = data.phases[0]?.weeks[0]?.sessions[0];
    if (first?.type !== "strength") throw new Error("expected a strength session");
    return first.exercises[0] as Record<string, unknown>;
  };

  it("refuses a hold that also gives reps, and a ladder of one rung", () => {
    const data = structuredClone(ladderPlanData);
    Object.assign(firstExercise(data), { reps: { min: 8, max: 12 }, variations: [{ id: "plank", name: "Plank" }] });
    expect(() => parsePlan(data, "ladder.yaml")).toThrow(
      "ladder.yaml: phases[0].weeks[0].sessions[0].exercises[0].holdSeconds: a timed hold gives holdSeconds instead of reps, not both\n" +
        "ladder.yaml: phases[0].weeks[0].sessions[0].exercises[0].variations: a ladder needs at least two variations, easiest first",
    );
  });
});
