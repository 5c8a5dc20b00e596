import { prescribeTraining, type SessionLog } from "@academy/programming";
import { firstStrengthSession, returningRunner } from "@academy/programming/testing";
import { describe, expect, it } from "vitest";
import { readPlanFiles } from "../plan-files.ts";
import { listVolumeWeeks, measureAdherence } from "./weekly-progress.ts";

const [planFile] = readPlanFiles(new URL("../../../../../content/plans/", import.meta.url));
if (!planFile) throw new Error("no plan in content/plans");
const { plan } = planFile;

const profile = returningRunner;
const strengthA = firstStrengthSession;

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
    // Week 1's five sessions and this week's days so far: Mon, Tue and today's (Thursday) run.
    expect(adherence.overall.done).toBe(2);
    expect(adherence.overall.due).toBe(5 + 3);

    const weeks = listVolumeWeeks(schedule, logs, { count: 8, plannedLoad: 900 });
    expect(weeks.map((week) => [week.from, week.current, week.logged.load, week.plannedLoad])).toEqual([
      ["2026-03-02", false, 280, undefined],
      ["2026-03-09", true, 75, 900],
    ]);
  });

  it("counts the sessions of today as due on her first day", () => {
    // Two training days a week: Monday, her first day, has a run and a strength session.
    const { schedule } = prescribeTraining({
      plan,
      profile: { ...profile, availableDays: ["mon", "thu"] },
      logs: [],
      completedLessons: [],
      pauses: [],
      today: "2026-03-02",
    });
    expect(measureAdherence(schedule)).toEqual({ thisWeek: { done: 0, total: 4 }, overall: { done: 0, due: 2 } });
  });
});
