import { describe, expect, it } from "vitest";
import { samplePlanData } from "./fixtures/sample-plan.ts";
import { formatIssuePath, type PlanInput, PlanValidationError, parsePlan } from "./plan-schema.ts";

const FILE = "content/plans/foundations.yaml";

/** A deep copy of the sample plan as loose data, to break in one place per test. */
function copySample(): Record<string, unknown> & PlanInput {
  return structuredClone(samplePlanData) as Record<string, unknown> & PlanInput;
}

function captureError(data: unknown): PlanValidationError {
  try {
    parsePlan(data, FILE);
  } catch (error) {
    if (error instanceof PlanValidationError) return error;
    throw error;
  }
  throw new Error("expected parsePlan to throw");
}

function weekOf(data: PlanInput, phase: number, week: number) {
  const found = data.phases[phase]?.weeks[week];
  if (found === undefined) throw new Error(`no week phases[${phase}].weeks[${week}] in the fixture`);
  return found;
}

describe("parsePlan", () => {
  it("returns the typed plan with defaults filled in", () => {
    const data = copySample();
    delete data.rampLimitPercent;
    delete data.deload;
    const plan = parsePlan(data, FILE);

    expect(plan.rampLimitPercent).toBe(10);
    expect(plan.deload).toEqual({ setsFraction: 0.5, runningFraction: 0.7, rirIncrease: 2 });
    const firstWeek = plan.phases[0]?.weeks[0];
    expect(firstWeek?.deload).toBe(false);
    const strength = firstWeek?.sessions.find((session) => session.type === "strength");
    if (strength?.type !== "strength") throw new Error("expected a strength session in week 1");
    const splitSquat = strength.exercises.find((exercise) => exercise.id === "split-squat");
    // The exercise gives no range of its own, so it takes its phase's range.
    expect(splitSquat?.reps).toEqual({ min: 15, max: 20 });
    expect(splitSquat?.loadGuidance).toBe("challenging but safe");
    const breathing = strength.exercises.find((exercise) => exercise.id === "breathing-90-90");
    expect(breathing?.reps).toEqual({ min: 5, max: 8 });
  });

  it("gives later phases their own rep range", () => {
    const plan = parsePlan(samplePlanData, FILE);
    const ranges = plan.phases.map((phase) => {
      const session = phase.weeks[0]?.sessions.find((candidate) => candidate.type === "strength");
      return session?.type === "strength" ? session.exercises.find((e) => e.id === "split-squat")?.reps : undefined;
    });
    expect(ranges).toEqual([
      { min: 15, max: 20 },
      { min: 8, max: 12 },
      { min: 5, max: 8 },
    ]);
  });

  it("names the file and the path when a rep range is upside down", () => {
    const data = copySample();
    const week = weekOf(data, 1, 3);
    // Put the strength session first so the path matches the one the coach would see in the issue.
    const strength = week.sessions.splice(1, 1);
    week.sessions.unshift(...strength);
    const first = week.sessions[0];
    if (first?.type !== "strength") throw new Error("expected the strength session first");
    const thirdExercise = first.exercises[2];
    if (thirdExercise === undefined) throw new Error("expected a third exercise");
    thirdExercise.reps = { min: 12, max: 8 };

    const error = captureError(data);
    expect(error.message).toBe(`${FILE}: phases[1].weeks[3].sessions[0].exercises[2].reps: min must be ≤ max`);
    expect(error.fileName).toBe(FILE);
    expect(error.issues).toEqual([
      { path: "phases[1].weeks[3].sessions[0].exercises[2].reps", message: "min must be ≤ max" },
    ]);
  });

  it("rejects a phase rep range whose min is above its max", () => {
    const data = copySample();
    const phase = data.phases[2];
    if (phase === undefined) throw new Error("expected three phases");
    phase.repRange = { min: 9, max: 5 };
    expect(captureError(data).message).toBe(`${FILE}: phases[2].repRange: min must be ≤ max`);
  });

  it("reports a duplicate session id with where it was first used", () => {
    const data = copySample();
    const session = weekOf(data, 0, 1).sessions[0];
    if (session === undefined) throw new Error("expected a session");
    session.id = "w1-run-1";
    expect(captureError(data).message).toBe(
      `${FILE}: phases[0].weeks[1].sessions[0].id: duplicate session id "w1-run-1" (first used at phases[0].weeks[0].sessions[0])`,
    );
  });

  it("reports an exercise whose lesson is not listed", () => {
    const data = copySample();
    const strength = weekOf(data, 0, 0).sessions[1];
    if (strength?.type !== "strength") throw new Error("expected strength A second");
    const exercise = strength.exercises[1];
    if (exercise === undefined) throw new Error("expected an exercise");
    exercise.lessonSlug = "lunge-basics";
    expect(captureError(data).message).toBe(
      `${FILE}: phases[0].weeks[0].sessions[1].exercises[1].lessonSlug: lesson "lunge-basics" is not listed in lessons`,
    );
  });

  it("reports a gate on a lesson that is not listed", () => {
    const data = copySample();
    const phase = data.phases[1];
    if (phase === undefined) throw new Error("expected a second phase");
    phase.prerequisiteLessons = ["split-squat", "hip-hinge-basics"];
    expect(captureError(data).message).toBe(
      `${FILE}: phases[1].prerequisiteLessons[1]: lesson "hip-hinge-basics" is not listed in lessons`,
    );
  });

  it("requires weeks to be numbered consecutively across phases", () => {
    const data = copySample();
    weekOf(data, 1, 0).number = 6;
    const error = captureError(data);
    expect(error.issues[0]).toEqual({
      path: "phases[1].weeks[0].number",
      message: "expected week 5 (weeks are numbered consecutively from 1 across the plan), got 6",
    });
  });

  it("reports every problem, one per line", () => {
    const data = copySample();
    weekOf(data, 0, 0).number = 2;
    data.lessons = [...data.lessons, "hip-hinge"];
    const error = captureError(data);
    expect(error.issues.map((issue) => issue.path)).toEqual(["lessons[8]", "phases[0].weeks[0].number"]);
    expect(error.message.split("\n")).toHaveLength(2);
  });

  it("checks runs need a duration or a distance, and one kind of intensity", () => {
    const data = copySample();
    const [first, , second] = weekOf(data, 0, 0).sessions;
    if (first?.type !== "run" || second?.type !== "run") throw new Error("expected runs at 0 and 2");
    delete first.durationMinutes;
    second.intensity = { rpe: 3, zone: 2 };
    const error = captureError(data);
    expect(error.issues).toEqual([
      { path: "phases[0].weeks[0].sessions[0]", message: "a run needs durationMinutes or distanceKm" },
      { path: "phases[0].weeks[0].sessions[2].intensity", message: "give exactly one of rpe (1–10) or zone (1–5)" },
    ]);
  });

  it("catches typos in field names and out-of-range numbers", () => {
    const data = copySample();
    const strength = weekOf(data, 0, 0).sessions[1] as Record<string, unknown>;
    strength.exercices = [];
    const run = weekOf(data, 0, 0).sessions[0];
    if (run?.type !== "run") throw new Error("expected a run first");
    run.intensity = { rpe: 11 };
    const paths = captureError(data).issues.map((issue) => `${issue.path}: ${issue.message}`);
    expect(paths).toContain("phases[0].weeks[0].sessions[0].intensity.rpe: expected at most 10");
    expect(paths.some((line) => line.startsWith("phases[0].weeks[0].sessions[1]:") && line.includes("exercices"))).toBe(
      true,
    );
  });

  it("rejects a session with an unknown type", () => {
    const data = copySample();
    const session = weekOf(data, 0, 0).sessions[0] as Record<string, unknown>;
    session.type = "swim";
    expect(captureError(data).message).toBe(
      `${FILE}: phases[0].weeks[0].sessions[0].type: expected type "run" or "strength"`,
    );
  });

  it("rejects data that is not a plan at all", () => {
    expect(captureError("just a string").message).toMatch(/^content\/plans\/foundations\.yaml: \(plan\): /);
    expect(captureError(null)).toBeInstanceOf(PlanValidationError);
  });

  it("returns the coach's numbers unchanged", () => {
    const plan = parsePlan(samplePlanData, FILE);
    const run = plan.phases[0]?.weeks[0]?.sessions[0];
    expect(run).toEqual({
      type: "run",
      id: "w1-run-1",
      kind: "easy",
      durationMinutes: 20,
      intensity: { rpe: 3 },
      notes: "Conversational pace: walk breaks are fine.",
    });
  });
});

describe("formatIssuePath", () => {
  it("writes array indexes in brackets and keys with dots", () => {
    expect(formatIssuePath(["phases", 1, "weeks", 3, "sessions", 0, "exercises", 2, "reps"])).toBe(
      "phases[1].weeks[3].sessions[0].exercises[2].reps",
    );
    expect(formatIssuePath([])).toBe("(plan)");
    expect(formatIssuePath([0, "id"])).toBe("[0].id");
  });
});
