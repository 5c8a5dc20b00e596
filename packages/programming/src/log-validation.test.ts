import { describe, expect, it } from "vitest";
import { samplePlan } from "./fixtures/sample-plan.ts";
import { validateSessionLog } from "./log-validation.ts";
import { parsePlan } from "./plan-schema.ts";

const strengthInput = (sets: Record<string, unknown>[], exerciseId = "split-squat") => ({
  type: "strength",
  sessionId: "w1-strength-a",
  date: "2025-01-08",
  durationMinutes: 40,
  rpe: 7,
  exercises: [{ exerciseId, sets }],
});

/** A plan with a plank (a hold) and a two-rung push-up ladder. */
const ladderPlan = parsePlan(
  {
    id: "ladder",
    title: "Ladder",
    lessons: ["core"],
    phases: [
      {
        id: "base",
        title: "Base",
        repRange: { min: 8, max: 12 },
        weeks: [
          {
            number: 1,
            sessions: [
              {
                type: "strength",
                id: "w1-strength",
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
                    lessonSlug: "core",
                    loadIncrementKg: 0,
                    variations: [
                      { id: "incline-push-up", name: "Incline push-up" },
                      { id: "push-up", name: "Push-up" },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
  },
  "ladder.yaml",
);

const holdInput = (sets: Record<string, unknown>[]) => ({
  type: "strength",
  sessionId: "w1-strength",
  date: "2025-01-08",
  durationMinutes: 30,
  rpe: 6,
  exercises: [{ exerciseId: "plank", sets }],
});

const run = { type: "run", sessionId: "w1-run-1", date: "2025-01-06", minutes: 25, rpe: 3 };

describe("validateSessionLog", () => {
  it("gives back the typed log when it makes sense and names a session of her plan", () => {
    const input = strengthInput([{ reps: 15, loadKg: 10, rir: 3 }]);
    expect(validateSessionLog(samplePlan, input)).toEqual({ ok: true, log: input });
    expect(validateSessionLog(samplePlan, { ...run, distanceKm: 4.2 })).toEqual({
      ok: true,
      log: { ...run, distanceKm: 4.2 },
    });
    // Training outside the plan names no session, and still counts.
    const { sessionId: _sessionId, ...outsidePlan } = run;
    expect(validateSessionLog(samplePlan, outsidePlan)).toEqual({ ok: true, log: outsidePlan });
  });

  it("names the set and the exercise to fix with the plan's names", () => {
    const input = strengthInput([
      { reps: 15, loadKg: 10, rir: 3 },
      { reps: 15, loadKg: "", rir: 3 },
    ]);
    expect(validateSessionLog(samplePlan, input)).toEqual({
      ok: false,
      issue: {
        code: "invalid_log",
        path: "exercises.0.sets.1.loadKg",
        message: "Check the load (kg) of set 2 of Dumbbell split squat: enter a number.",
      },
    });
    const tooManyInReserve = strengthInput([{ reps: 15, loadKg: 10, rir: 11 }], "romanian-deadlift");
    expect(validateSessionLog(samplePlan, tooManyInReserve)).toMatchObject({
      ok: false,
      issue: { message: "Check the reps in reserve of set 1 of Dumbbell Romanian deadlift: enter at most 10." },
    });
  });

  it("counts exercises she names that her plan does not have (or that have no plan) by their place", () => {
    const input = strengthInput([{ reps: -1, loadKg: 10, rir: 3 }], "pistol-squat");
    const message = "Check the reps of set 1 of exercise 1: enter at least 0.";
    expect(validateSessionLog(samplePlan, input)).toMatchObject({ ok: false, issue: { message } });
    expect(validateSessionLog(undefined, strengthInput([{ reps: -1, loadKg: 10, rir: 3 }]))).toMatchObject({
      ok: false,
      issue: { message },
    });
  });

  it("says which field of a run to check, in her words", () => {
    expect(validateSessionLog(samplePlan, { ...run, minutes: -5 })).toEqual({
      ok: false,
      issue: { code: "invalid_log", path: "minutes", message: "Check minutes: enter at least 0." },
    });
    expect(validateSessionLog(samplePlan, { ...run, rpe: "hard" })).toMatchObject({
      ok: false,
      issue: { path: "rpe", message: "Check effort (RPE): enter a number." },
    });
    expect(validateSessionLog(samplePlan, { ...run, distanceKm: -1 })).toMatchObject({
      ok: false,
      issue: { path: "distanceKm", message: "Check distance (km): enter at least 0." },
    });
  });

  it("takes an effort per set as RIR or RPE, or none, but not both", () => {
    const sets = [
      { reps: 15, loadKg: 10, rpe: 7.5 },
      { reps: 15, loadKg: 10 },
      { reps: 14, loadKg: 10, rir: 2 },
    ];
    expect(validateSessionLog(samplePlan, strengthInput(sets))).toEqual({ ok: true, log: strengthInput(sets) });
    expect(validateSessionLog(samplePlan, strengthInput([{ reps: 15, loadKg: 10, rir: 2, rpe: 8 }]))).toMatchObject({
      ok: false,
      issue: {
        path: "exercises.0.sets.0.rpe",
        message: "Check the effort (RPE) of set 1 of Dumbbell split squat: give reps in reserve or RPE, not both.",
      },
    });
  });

  it("takes a hold in seconds, never both reps and seconds, and asks for seconds where the plan has a hold", () => {
    expect(validateSessionLog(ladderPlan, holdInput([{ seconds: 30, loadKg: 0, rir: 2 }]))).toMatchObject({ ok: true });
    expect(validateSessionLog(ladderPlan, holdInput([{ seconds: 30, reps: 3, loadKg: 0 }]))).toMatchObject({
      ok: false,
      issue: { message: "Check the reps of set 1 of Front plank: give reps or seconds held, not both." },
    });
    expect(validateSessionLog(ladderPlan, holdInput([{ reps: 30, loadKg: 0 }]))).toMatchObject({
      ok: false,
      issue: { path: "exercises.0.sets.0.seconds", message: "Check set 1 of Front plank: enter the seconds you held." },
    });
  });

  it("takes the variation she did, when it is a rung of the exercise's ladder", () => {
    const pushUps = (variation: string) => ({
      ...holdInput([]),
      exercises: [{ exerciseId: "push-up", variation, sets: [{ reps: 10, loadKg: 0, rir: 2 }] }],
    });
    expect(validateSessionLog(ladderPlan, pushUps("incline-push-up"))).toMatchObject({ ok: true });
    expect(validateSessionLog(ladderPlan, pushUps("one-arm-push-up"))).toMatchObject({
      ok: false,
      issue: {
        path: "exercises.0.variation",
        message: "Check the variation of Push-up: choose Incline push-up or Push-up.",
      },
    });
  });

  it("refuses a session her plan does not have, but takes any session id before she has a plan", () => {
    const stray = { ...run, sessionId: "w99-run-1" };
    expect(validateSessionLog(samplePlan, stray)).toEqual({
      ok: false,
      issue: { code: "unknown_session", path: "sessionId", message: 'Session "w99-run-1" is not in your plan.' },
    });
    expect(validateSessionLog(undefined, stray)).toEqual({ ok: true, log: stray });
  });
});
