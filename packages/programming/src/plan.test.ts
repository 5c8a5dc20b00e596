import { describe, expect, it } from "vitest";
import { samplePlan } from "./fixtures/sample-plan.ts";
import { findPlanSession, indexPlanSessions } from "./plan.ts";

describe("findPlanSession", () => {
  it("finds a session with its week and phase, as the plan's index has it", () => {
    const found = findPlanSession(samplePlan, "w5-run-2");
    expect(found).toMatchObject({
      session: { id: "w5-run-2", kind: "tempo" },
      week: { number: 5 },
      phase: { id: "build" },
    });
    expect(found).toEqual(indexPlanSessions(samplePlan).get("w5-run-2"));
    expect(findPlanSession(samplePlan, "w99-nothing")).toBeUndefined();
  });
});
