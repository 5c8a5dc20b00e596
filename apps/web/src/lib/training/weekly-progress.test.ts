import { type MemberContext, prescribeTraining, type SessionLog, type StrengthLog } from "@academy/programming";
import { describe, expect, it } from "vitest";
import { readPlanFiles } from "../plan-files.ts";
import { listVolumeWeeks, measureAdherence } from "./weekly-progress.ts";

const [planFile] = readPlanFiles(new URL("../../../../../content/plans/", import.meta.url));
if (!planFile) throw new Error("no plan in content/plans");
const { plan } = planFile;

// Monday 2 March 2026; she trains five days.
const profile = {
  startDate: "2026-03-02",
  availableDays: ["mon", "tue", "thu", "sat", "sun"],
  currentWeeklyRunningMinutes: 60,
  experience: "returning",
} satisfies MemberContext["profile"];

const strengthA: StrengthLog = {
  type: "strength",
  sessionId: "w1-strength-a",
  date: "2026-03-03",
  durationMinutes: 40,
  rpe: 7,
  exercises: [
    { exerciseId: "split-squat", sets: [20, 20].map((reps) => ({ reps, loadKg: 10, rir: 3 })) },
    { exerciseId: "romanian-deadlift", sets: [20, 18].map((reps) => ({ reps, loadKg: 12, rir: 3 })) },
  ],
};

describe("her weeks so far", () => {
  it("counts sessions done against sessions due, and logged volume per week, leaving out the week ahead", () => {
    const easyRun: SessionLog = { type: "run", sessionId: "w2-run-1", date: "2026-03-09", minutes: 25, rpe: 3 };
    const logs = [strengthA, easyRun];
    // The schedule a page reads: it reaches one week past this one, for her next session.
    const { schedule } = prescribeTraining({
      plan,
      profile,
      logs,
      completedLessons: [],
      pauses: [],
      today: "2026-03-12",
    });
    expect(schedule.weeks.at(-1)?.timing).toBe("upcoming");

    const adherence = measureAdherence(schedule);
    expect(adherence.thisWeek).toEqual({ done: 1, total: 5 });
    // Week 1's five sessions and this week's days so far (Mon and Tue, then Thursday is today).
    expect(adherence.overall.done).toBe(2);
    expect(adherence.overall.due).toBe(5 + 2);

    const weeks = listVolumeWeeks(schedule, logs, { count: 8, plannedLoad: 900 });
    expect(weeks.map((week) => [week.from, week.current, week.logged.load, week.plannedLoad])).toEqual([
      ["2026-03-02", false, 280, undefined],
      ["2026-03-09", true, 75, 900],
    ]);
  });
});
