import { describe, expect, it } from "vitest";
import { nestFormFields } from "./nested-form.ts";

describe("nestFormFields", () => {
  it("builds nested arrays and numbers from dotted names, leaving text fields as text", () => {
    const nested = nestFormFields(
      {
        type: "strength",
        sessionId: "w1-strength-a",
        date: "2027-04-01",
        rpe: "7",
        "exercises.0.exerciseId": "split-squat",
        "exercises.0.sets.0.reps": "12",
        "exercises.0.sets.0.loadKg": "8.5",
        "exercises.0.sets.1.reps": "11",
        "exercises.1.exerciseId": "123",
      },
      new Set(["type", "sessionId", "date", "exerciseId"]),
    );
    expect(nested).toEqual({
      type: "strength",
      sessionId: "w1-strength-a",
      date: "2027-04-01",
      rpe: 7,
      exercises: [
        { exerciseId: "split-squat", sets: [{ reps: 12, loadKg: 8.5 }, { reps: 11 }] },
        { exerciseId: "123" },
      ],
    });
  });

  it("keeps repeated fields (checkboxes) as a list", () => {
    expect(nestFormFields({ availableDays: ["mon", "wed"] }, new Set())).toEqual({ availableDays: ["mon", "wed"] });
  });
});
