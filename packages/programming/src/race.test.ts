import { describe, expect, it } from "vitest";
import { addDays } from "./dates.ts";
import { noviceHalfPlan, noviceHalfPlanData } from "./fixtures/novice-half-plan.ts";
import type { MemberProfile, RunLog } from "./member.ts";
import { type PlanInput, PlanValidationError, parsePlan } from "./plan-schema.ts";
import { prescribeWeek, previewSession } from "./prescribe.ts";
import { countBackStartDate, explainRaceDateProblem, findTaperFraction, resolveStartDate } from "./race.ts";
import { sumPlannedRunningMinutes } from "./running.ts";
import { buildSchedule } from "./schedule.ts";

/** Three weeks of 200 written minutes (50 + 50 + 100), the last with the 10K race; taper 80%, then 50%. */
function taperPlan(overrides: Partial<PlanInput> = {}): PlanInput {
  const runs = (week: number, race = false) => [
    { type: "run" as const, id: `w${week}-easy`, kind: "easy" as const, durationMinutes: 50, intensity: { rpe: 3 } },
    { type: "run" as const, id: `w${week}-tempo`, kind: "tempo" as const, durationMinutes: 50, intensity: { rpe: 7 } },
    race
      ? { type: "run" as const, id: `w${week}-race`, kind: "race" as const, intensity: { rpe: 9 } }
      : {
          type: "run" as const,
          id: `w${week}-long`,
          kind: "long" as const,
          durationMinutes: 100,
          intensity: { rpe: 4 },
        },
  ];
  return {
    id: "ten-k",
    title: "10K",
    lessons: [],
    race: { title: "10K", distanceKm: 10, taper: [0.8, 0.5] },
    phases: [
      {
        id: "p",
        title: "P",
        repRange: { min: 8, max: 12 },
        weeks: [
          { number: 1, sessions: runs(1) },
          { number: 2, sessions: runs(2) },
          { number: 3, sessions: runs(3, true) },
        ],
      },
    ],
    ...overrides,
  };
}

const runner: MemberProfile = {
  startDate: "2026-01-05",
  availableDays: ["tue", "thu", "sat"],
  currentWeeklyRunningMinutes: 60,
  experience: "new",
};

/** She ran the Tuesday run of each Higdon week before race week, so race week is where she is. */
function higdonLogs(start: string): RunLog[] {
  return Array.from({ length: 11 }, (_, index) => ({
    type: "run" as const,
    sessionId: `w${index + 1}-tue`,
    date: addDays(start, index * 7 + 1),
    minutes: 30,
    rpe: 4,
  }));
}

function issuesOf(data: unknown): string[] {
  try {
    parsePlan(data, "plan.yaml");
    return [];
  } catch (error) {
    if (error instanceof PlanValidationError) return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
}

describe("taper", () => {
  it("cuts the last weeks by the plan's shares: 200 written minutes → week 2 at 80% = 160, race week 100 × 50% = 50", () => {
    const plan = parsePlan(taperPlan(), "plan.yaml");
    const weeks = plan.phases[0]?.weeks ?? [];
    expect(weeks.map((week) => sumPlannedRunningMinutes(plan, week))).toEqual([200, 160, 50]);
    expect([1, 2, 3].map((week) => findTaperFraction(plan, week))).toEqual([undefined, 0.8, 0.5]);
  });

  it("tells her why a taper run is shorter: 50 min × 80% = 40 min", () => {
    const plan = parsePlan(taperPlan(), "plan.yaml");
    const easy = previewSession({ plan }, "w2-easy");
    expect(easy?.type === "run" && easy.durationMinutes).toBe(40);
    expect(easy?.type === "run" && easy.reason).toContain("Taper: 20% less running than written");
  });
});

describe("race day", () => {
  it("the race is the race's real distance for every runner: 21.1 km at 60 min a week and at 300", () => {
    for (const minutes of [60, 300]) {
      const week = prescribeWeek({
        plan: noviceHalfPlan,
        profile: { ...runner, currentWeeklyRunningMinutes: minutes, experience: "experienced", raceDate: "2026-04-26" },
        logs: higdonLogs("2026-02-02"),
        completedLessons: [],
        pauses: [],
        today: "2026-04-21",
      });
      const race = week.sessions.find(
        (session) => session.prescription.type === "run" && session.prescription.kind === "race",
      );
      expect(race?.prescription.type === "run" && race.prescription.distanceKm).toBe(21.1);
      expect(race?.date).toBe("2026-04-26");
      expect(week.guidance).toEqual([]);
    }
  });

  it("counts the start back from her race date: 12 weeks ending Sunday 26 April 2026 start on Monday 2 February", () => {
    expect(countBackStartDate(noviceHalfPlan, "2026-04-26")).toBe("2026-02-02");
    expect(resolveStartDate(noviceHalfPlan, { ...runner, raceDate: "2026-04-26" })).toBe("2026-02-02");
    const schedule = buildSchedule({
      plan: noviceHalfPlan,
      profile: { ...runner, raceDate: "2026-04-26" },
      logs: [],
      completedLessons: [],
      pauses: [],
      today: "2026-02-02",
    });
    expect(schedule.current?.from).toBe("2026-02-02");
    expect(schedule.current?.planWeekNumber).toBe(1);
  });

  it("puts the race on race day even when it is not one of her training days (a Sunday; she trains Tue/Thu/Sat)", () => {
    const schedule = buildSchedule({
      plan: noviceHalfPlan,
      profile: { ...runner, raceDate: "2026-04-26" },
      logs: higdonLogs("2026-02-02"),
      completedLessons: [],
      pauses: [],
      today: "2026-04-20",
    });
    expect(schedule.current?.raceWeek).toBe(true);
    const race = schedule.current?.sessions.find((session) => session.session.id === "w12-race");
    expect(race?.date).toBe("2026-04-26");
  });

  it("a plan without a race starts on her start date, whatever race date she gave", () => {
    const base = taperPlan({ race: undefined });
    const phases = base.phases.map((phase) => ({ ...phase, weeks: phase.weeks.slice(0, 2) }));
    const plan = parsePlan({ ...base, phases }, "x.yaml");
    expect(resolveStartDate(plan, { ...runner, raceDate: "2026-04-26" })).toBe("2026-01-05");
  });

  it("refuses a race date too close to fit the plan, and says which dates work", () => {
    expect(explainRaceDateProblem(noviceHalfPlan, "2026-04-26", "2026-02-02")).toBeUndefined();
    expect(explainRaceDateProblem(noviceHalfPlan, "2026-04-26", "2026-02-05")).toBe(
      "This plan takes 12 weeks, so a race on 2026-04-26 would have started 3 days ago (2026-02-02). Choose a race " +
        "on or after 2026-04-29, or leave the race date empty to start on your start date.",
    );
  });
});

describe("race plans as the coach writes them", () => {
  it("names each mistake with its place in the file", () => {
    const base = taperPlan();
    const phase = base.phases[0];
    if (phase === undefined) throw new Error("no phase");
    expect(issuesOf({ ...base, race: undefined })).toEqual([
      'phases[0].weeks[2].sessions[2].kind: a race session needs the plan\'s "race" settings (title, distanceKm)',
    ]);
    const [one, two, three] = phase.weeks;
    if (one === undefined || two === undefined || three === undefined) throw new Error("three weeks");
    const swapped = [{ ...one, sessions: three.sessions }, two, { ...three, sessions: one.sessions }];
    expect(issuesOf({ ...base, phases: [{ ...phase, weeks: swapped }] })).toEqual([
      "phases[0].weeks[0].sessions[2].kind: the race goes in the plan's last week (week 3), not week 1",
    ]);
    const both = { ...base, phases: [{ ...phase, weeks: [{ ...phase.weeks[0], deload: true, stepBack: true }] }] };
    expect(issuesOf(both)).toContain("phases[0].weeks[0].stepBack: a week is a deload or a step-back week, not both");
  });

  it("Higdon's published plan parses with step-backs in weeks 5 and 8", () => {
    expect(noviceHalfPlan.phases[0]?.weeks.filter((week) => week.stepBack).map((week) => week.number)).toEqual([5, 8]);
    expect(noviceHalfPlanData.race?.distanceKm).toBe(21.1);
  });
});
