import type { TrainingView } from "@academy/platform/training";
import { type MemberContext, prescribeTraining, type SessionLog, toIsoDate } from "@academy/programming";
import { firstStrengthSession, returningRunner } from "@academy/programming/testing";
import { describe, expect, it } from "vitest";
import { readPlanFiles } from "../plan-files.ts";
import { resolveWorkout, suggestLogDate, suggestRpe } from "./sessions.ts";

const [planFile] = readPlanFiles(new URL("../../../../../content/plans/", import.meta.url));
if (!planFile) throw new Error("no plan in content/plans");
const { plan } = planFile;

const profile = returningRunner;
const strengthA = firstStrengthSession;

function viewOn(today: string, logs: SessionLog[]): TrainingView {
  const context: MemberContext = { plan, profile, logs, completedLessons: [], pauses: [], today };
  return {
    today: toIsoDate(today),
    startDate: profile.startDate,
    completedLessons: new Set(),
    planSlug: plan.id,
    plan,
    training: { ...prescribeTraining(context), context, logs },
  };
}

function trainingOf(view: TrainingView) {
  if (!view.training) throw new Error("she has no plan");
  return view.training;
}

describe("resolveWorkout", () => {
  it("gives a session of her week with its day and prescription", () => {
    const workout = resolveWorkout(viewOn("2026-03-02", []), "w1-strength-a");
    expect(workout.kind).toBe("this-week");
    if (workout.kind !== "this-week") return;
    expect(workout.weekFrom).toBe("2026-03-02");
    expect(workout.session.status).toBe("planned");
    expect(workout.session.prescription.type).toBe("strength");
  });

  it("shows what she logged for an earlier week's session, and previews a later one scaled to her", () => {
    const view = viewOn("2026-03-10", [strengthA]);
    const done = resolveWorkout(view, "w1-strength-a");
    expect(done).toMatchObject({ kind: "logged", planWeekNumber: 1, log: strengthA });

    const tempo = resolveWorkout(view, "w5-run-2");
    expect(tempo).toMatchObject({ kind: "preview", planWeekNumber: 5, personal: true });
    if (tempo.kind !== "preview" || tempo.prescription.type !== "run") throw new Error("expected a run preview");
    expect(tempo.prescription.kind).toBe("tempo");
    expect(tempo.prescription.durationMinutes).toBe(Math.round(26 * trainingOf(view).schedule.runningScale));
  });

  it("follows her logs into the next session, and reads as written before she has a plan", () => {
    const view = viewOn("2026-03-10", [strengthA]);
    const next = resolveWorkout(view, "w2-strength-a");
    if (next.kind !== "this-week" || next.session.prescription.type !== "strength") throw new Error("expected week 2");
    const splitSquat = next.session.prescription.exercises.find((exercise) => exercise.exerciseId === "split-squat");
    expect(splitSquat?.load).toEqual({ kind: "kg", kg: 12 });

    const { training: _training, ...withoutPlan } = view;
    const asWritten = resolveWorkout(withoutPlan, "w2-strength-a");
    expect(asWritten).toMatchObject({ kind: "preview", personal: false });
    if (asWritten.kind !== "preview" || asWritten.prescription.type !== "strength")
      throw new Error("expected strength");
    expect(asWritten.prescription.exercises.find((exercise) => exercise.exerciseId === "split-squat")?.load.kind).toBe(
      "choose",
    );
    expect(resolveWorkout(view, "w99-nothing")).toEqual({ kind: "unknown" });
  });
});

describe("log form defaults", () => {
  it("starts on the session's day, or today when she does it early, at the planned effort", () => {
    expect(suggestLogDate("2026-03-03", "2026-03-05")).toBe("2026-03-03");
    expect(suggestLogDate("2026-03-07", "2026-03-05")).toBe("2026-03-05");
    expect(
      suggestRpe({
        type: "run",
        sessionId: "r",
        kind: "long",
        title: "Long run",
        intensity: { zone: 2 },
        deload: false,
        reason: "",
      }),
    ).toBe(4);
  });
});
