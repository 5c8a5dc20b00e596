import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, getWeekday, type IsoDate, WEEKDAYS, type Weekday } from "./dates.ts";
import { samplePlan, samplePlanData } from "./fixtures/sample-plan.ts";
import type { MemberProfile, Pause, SessionLog } from "./member.ts";
import { getWeekWindow, isPausedOn } from "./plan-calendar.ts";
import { parsePlan } from "./plan-schema.ts";
import { buildSchedule, type MemberContext, type ScheduledWeek } from "./schedule.ts";

const START = "2025-01-06"; // a Monday
const profile: MemberProfile = {
  startDate: START,
  availableDays: ["mon", "wed", "fri", "sat", "sun"],
  currentWeeklyRunningMinutes: 70,
  experience: "returning",
};
const ALL_LESSONS = [...samplePlanData.lessons];

function context(overrides: Partial<MemberContext> = {}): MemberContext {
  return { plan: samplePlan, profile, logs: [], completedLessons: [], pauses: [], today: START, ...overrides };
}

/** A log showing she trained in plan week `planWeek` during her `weekIndex`-th week. */
function didWeek(weekIndex: number, planWeek: number, pauses: readonly Pause[] = []): SessionLog {
  const window = getWeekWindow(START, weekIndex, pauses);
  return { type: "run", sessionId: `w${planWeek}-run-1`, date: window.from, minutes: 20, rpe: 3 };
}

/** Today, `days` into her `weekIndex`-th week. */
function dayOfWeek(weekIndex: number, days = 0): IsoDate {
  return addDays(START, weekIndex * 7 + days);
}

function planWeeksOf(weeks: readonly ScheduledWeek[]): (number | undefined)[] {
  return weeks.map((week) => week.planWeekNumber);
}

describe("buildSchedule: where she is in the plan", () => {
  it("starts at week 1 with each session on one of her days", () => {
    const schedule = buildSchedule(context());
    expect(schedule.status).toBe("active");
    expect(schedule.current).toMatchObject({ index: 0, planWeekNumber: 1, reason: "plan", deload: false });
    expect(
      schedule.current?.sessions.map(({ session, date, status }) => `${getWeekday(date)} ${session.id} ${status}`),
    ).toEqual([
      "mon w1-run-1 planned",
      "wed w1-strength-a planned",
      "fri w1-run-2 planned",
      "sat w1-strength-b planned",
      "sun w1-long-run planned",
    ]);
  });

  it("shows week 1 ahead of the start date", () => {
    const schedule = buildSchedule(context({ today: "2025-01-01" }));
    expect(schedule.status).toBe("not-started");
    expect(schedule.current?.planWeekNumber).toBe(1);
    expect(schedule.current?.sessions.every((session) => session.status === "planned")).toBe(true);
  });

  it("moves on a week at a time while she trains", () => {
    const schedule = buildSchedule(context({ logs: [didWeek(0, 1), didWeek(1, 2)], today: dayOfWeek(2, 1) }));
    expect(planWeeksOf(schedule.weeks.filter((week) => week.timing !== "upcoming"))).toEqual([1, 2, 3]);
    expect(schedule.current).toMatchObject({ index: 2, planWeekNumber: 3, reason: "plan" });
  });

  it("repeats the last week she did after a missed week, then moves on", () => {
    const logs = [didWeek(0, 1), didWeek(1, 2)];
    const afterMiss = buildSchedule(context({ logs, today: dayOfWeek(3) }));
    expect(afterMiss.weeks[2]).toMatchObject({ timing: "past", planWeekNumber: 3 });
    expect(afterMiss.weeks[2]?.sessions.every((session) => session.status === "dropped")).toBe(true);
    expect(afterMiss.current).toMatchObject({ planWeekNumber: 2, reason: "repeat-after-missed-week" });

    const afterRepeat = buildSchedule(context({ logs: [...logs, didWeek(3, 2)], today: dayOfWeek(4) }));
    expect(afterRepeat.current).toMatchObject({ planWeekNumber: 3, reason: "plan" });
  });

  it("repeats once after several missed weeks", () => {
    const logs = [didWeek(0, 1), didWeek(1, 2)];
    const schedule = buildSchedule(context({ logs, today: dayOfWeek(5) }));
    expect(planWeeksOf(schedule.weeks.slice(0, 6))).toEqual([1, 2, 3, 2, 2, 2]);
    expect(schedule.current?.reason).toBe("repeat-after-missed-week");
  });

  it("starts again at week 1 when she never trained", () => {
    const schedule = buildSchedule(context({ today: dayOfWeek(2) }));
    expect(schedule.current).toMatchObject({ planWeekNumber: 1, reason: "plan" });
  });

  it("follows her logs for past weeks, even ahead of the rules", () => {
    const schedule = buildSchedule(context({ logs: [didWeek(0, 1), didWeek(1, 3)], today: dayOfWeek(2) }));
    expect(schedule.weeks[1]).toMatchObject({ planWeekNumber: 3, reason: "as-logged" });
    expect(schedule.current?.planWeekNumber).toBe(4);
  });

  it("finishes the plan", () => {
    const logs = Array.from({ length: 12 }, (_, index) => didWeek(index, index + 1));
    const schedule = buildSchedule(context({ logs, completedLessons: ALL_LESSONS, today: dayOfWeek(12, 2) }));
    expect(schedule.status).toBe("complete");
    expect(schedule.current).toBeUndefined();
    expect(schedule.weeks).toHaveLength(12);
    expect(schedule.projectionEnd).toEqual({ reason: "plan-complete" });
  });
});

describe("buildSchedule: gates", () => {
  const firstPhase = [didWeek(0, 1), didWeek(1, 2), didWeek(2, 3), didWeek(3, 4)];

  it("holds her on the previous phase's last full week and says which lessons it waits for", () => {
    const schedule = buildSchedule(context({ logs: firstPhase, completedLessons: ["hip-hinge"], today: dayOfWeek(4) }));
    expect(schedule.current).toMatchObject({ planWeekNumber: 3, reason: "gate-hold", deload: false });
    expect(schedule.current?.gate).toEqual({
      gated: true,
      phaseId: "build",
      phaseTitle: "Build",
      waitingFor: ["split-squat"],
      message: "Build starts once you've completed split-squat. Until then, repeat week 3 to keep building.",
    });
    expect(schedule.current?.sessions.map(({ session }) => session.id)).toContain("w3-strength-a");
  });

  it("opens the phase once the lessons are completed", () => {
    const schedule = buildSchedule(
      context({ logs: firstPhase, completedLessons: ["hip-hinge", "split-squat"], today: dayOfWeek(4) }),
    );
    expect(schedule.current).toMatchObject({ planWeekNumber: 5, phaseId: "build", gate: { gated: false } });
  });

  it("does not skip weeks she was held for when the lessons are completed later", () => {
    const heldWeek = { ...didWeek(4, 3), sessionId: "w3-run-1" };
    const schedule = buildSchedule(
      context({ logs: [...firstPhase, heldWeek], completedLessons: ["hip-hinge", "split-squat"], today: dayOfWeek(5) }),
    );
    expect(schedule.weeks[4]).toMatchObject({ planWeekNumber: 3 });
    expect(schedule.current).toMatchObject({ planWeekNumber: 5, reason: "plan" });
  });

  it("keeps this week's plan week once she has started it", () => {
    const startedHold = { ...didWeek(4, 3), sessionId: "w3-run-1" };
    const schedule = buildSchedule(
      context({
        logs: [...firstPhase, startedHold],
        completedLessons: ["hip-hinge", "split-squat"],
        today: dayOfWeek(4, 3),
      }),
    );
    expect(schedule.current?.planWeekNumber).toBe(3);
  });

  it("waits with no sessions when the first phase is gated, without counting it as missed", () => {
    const data = structuredClone(samplePlanData);
    const firstPhaseData = data.phases[0];
    if (firstPhaseData === undefined) throw new Error("expected a first phase");
    firstPhaseData.prerequisiteLessons = ["foundations-welcome"];
    const plan = parsePlan(data, "gated.yaml");

    const waiting = buildSchedule(context({ plan, today: dayOfWeek(1) }));
    expect(waiting.current).toMatchObject({ reason: "waiting-for-lessons", sessions: [] });
    expect(waiting.current?.planWeekNumber).toBeUndefined();
    expect(waiting.current?.gate).toMatchObject({ gated: true, waitingFor: ["foundations-welcome"] });

    const started = buildSchedule(context({ plan, completedLessons: ["foundations-welcome"], today: dayOfWeek(2) }));
    expect(started.current).toMatchObject({ planWeekNumber: 1, reason: "plan" });
  });

  it("lays out the weeks ahead up to the next gate, showing one held week", () => {
    const schedule = buildSchedule(context());
    expect(planWeeksOf(schedule.weeks)).toEqual([1, 2, 3, 4, 3]);
    expect(schedule.weeks.at(-1)?.reason).toBe("gate-hold");
    expect(schedule.projectionEnd).toMatchObject({
      reason: "gate",
      gate: { waitingFor: ["split-squat", "hip-hinge"] },
    });

    const open = buildSchedule(context({ completedLessons: ALL_LESSONS }));
    expect(planWeeksOf(open.weeks)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(open.weeks.filter((week) => week.deload).map((week) => week.planWeekNumber)).toEqual([4, 8, 12]);
    expect(open.projectionEnd).toEqual({ reason: "plan-complete" });

    expect(buildSchedule(context({ completedLessons: ALL_LESSONS }), { upcomingWeeks: 2 }).weeks).toHaveLength(3);
  });
});

describe("buildSchedule: pauses", () => {
  const pause: Pause = { from: "2025-01-13", to: "2025-01-26" };

  it("shifts the plan forward by the paused days", () => {
    const schedule = buildSchedule(context({ logs: [didWeek(0, 1)], pauses: [pause], completedLessons: ALL_LESSONS }));
    expect(schedule.weeks[1]).toMatchObject({ from: "2025-01-27", to: "2025-02-02", planWeekNumber: 2 });
    expect(schedule.weeks[1]?.sessions[0]?.date).toBe("2025-01-27");
  });

  it("pauses the plan: no missed weeks while paused, and says when she resumes", () => {
    const paused = buildSchedule(context({ logs: [didWeek(0, 1)], pauses: [pause], today: "2025-01-20" }));
    expect(paused.status).toBe("paused");
    expect(paused.resumesOn).toBe("2025-01-27");
    expect(paused.current).toMatchObject({ from: "2025-01-27", planWeekNumber: 2, reason: "plan" });

    const back = buildSchedule(context({ logs: [didWeek(0, 1)], pauses: [pause], today: "2025-01-28" }));
    expect(back.status).toBe("active");
    expect(back.current).toMatchObject({ planWeekNumber: 2, reason: "plan" });
  });

  it("stretches an interrupted week over the pause and keeps its sessions on her days", () => {
    const midWeek: Pause = { from: "2025-01-08", to: "2025-01-12" };
    const schedule = buildSchedule(context({ pauses: [midWeek], today: START }));
    expect(schedule.current).toMatchObject({ from: "2025-01-06", to: "2025-01-17" });
    for (const session of schedule.current?.sessions ?? []) {
      expect(profile.availableDays).toContain(getWeekday(session.date));
      expect(isPausedOn(session.date, [midWeek])).toBe(false);
    }
  });
});

describe("buildSchedule: running scale", () => {
  it("scales running so week 1 starts near her current volume", () => {
    expect(
      buildSchedule(context({ profile: { ...profile, currentWeeklyRunningMinutes: 50 } })).runningScale,
    ).toBeCloseTo((50 * 1.1) / 70, 3);
  });
});

const weekdaysArbitrary = fc.shuffledSubarray([...WEEKDAYS], { minLength: 2, maxLength: 6 }) as fc.Arbitrary<Weekday[]>;
const pausesArbitrary = fc.array(
  fc
    .tuple(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 20 }))
    .map(([offset, length]) => ({ from: addDays(START, offset), to: addDays(START, offset + length) })),
  { maxLength: 2 },
);

describe("buildSchedule properties", () => {
  it("only uses her days, never paused ones, and keeps weeks and sessions in order", () => {
    fc.assert(
      fc.property(
        weekdaysArbitrary,
        pausesArbitrary,
        fc.integer({ min: -5, max: 150 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 150 }), fc.integer({ min: 1, max: 12 })), { maxLength: 12 }),
        fc.boolean(),
        (availableDays, pauses, todayOffset, logPicks, lessonsDone) => {
          const logs: SessionLog[] = logPicks.map(([offset, planWeek]) => ({
            type: "run",
            sessionId: `w${planWeek}-run-1`,
            date: addDays(START, offset),
            minutes: 20,
            rpe: 3,
          }));
          const schedule = buildSchedule(
            context({
              profile: { ...profile, availableDays },
              pauses,
              logs,
              today: addDays(START, todayOffset),
              completedLessons: lessonsDone ? ALL_LESSONS : [],
            }),
          );
          let previousWeekEnd = "";
          for (const week of schedule.weeks) {
            expect(week.from > previousWeekEnd).toBe(true);
            previousWeekEnd = week.to;
            const sessionsPerDate = new Map<IsoDate, number>();
            for (const session of week.sessions) {
              expect(session.date >= week.from && session.date <= week.to).toBe(true);
              if (session.status === "done") continue;
              expect(availableDays).toContain(getWeekday(session.date));
              expect(isPausedOn(session.date, pauses)).toBe(false);
              sessionsPerDate.set(session.date, (sessionsPerDate.get(session.date) ?? 0) + 1);
            }
            expect(sessionsPerDate.size).toBeLessThanOrEqual(week.trainingDays.length);
            const doubledUp = [...sessionsPerDate.values()].some((count) => count > 1);
            if (doubledUp) expect(week.sessions.length).toBeGreaterThan(week.trainingDays.length);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
