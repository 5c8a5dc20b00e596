import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, getWeekday, type IsoDate } from "./dates.ts";
import { samplePlan } from "./fixtures/sample-plan.ts";
import type { RunKind, RunSession, Session, StrengthSession } from "./plan-schema.ts";
import { layoutWeek, type WeekLayout } from "./week-layout.ts";

// 2025-01-06 is a Monday.
const MONDAY = "2025-01-06";
const dateOf = (weekday: number) => addDays(MONDAY, weekday);
const MON = dateOf(0);
const TUE = dateOf(1);
const WED = dateOf(2);
const THU = dateOf(3);
const FRI = dateOf(4);
const SAT = dateOf(5);
const SUN = dateOf(6);

const weekOne = samplePlan.phases[0]?.weeks[0]?.sessions ?? [];

function summarize(layout: WeekLayout): string[] {
  return layout.placed.map(({ session, date }) => `${getWeekday(date)} ${session.id}`);
}

describe("layoutWeek", () => {
  it("gives every session its own day when there are enough, keeping the coach's order", () => {
    const layout = layoutWeek(weekOne, [MON, TUE, WED, THU, FRI, SUN]);
    expect(summarize(layout)).toEqual([
      "mon w1-run-1",
      "tue w1-strength-a",
      "thu w1-run-2",
      "fri w1-strength-b",
      "sun w1-long-run",
    ]);
    expect(layout.unscheduled).toEqual([]);
  });

  it("puts the long run on Sunday, else Saturday, else her last day", () => {
    const longDay = (dates: IsoDate[]) =>
      layoutWeek(weekOne, dates).placed.find(({ session }) => session.id === "w1-long-run")?.date;
    expect(longDay([MON, WED, FRI, SAT, SUN])).toBe(SUN);
    expect(longDay([MON, TUE, WED, THU, SAT])).toBe(SAT);
    expect(longDay([MON, TUE, WED, THU, FRI])).toBe(FRI);
  });

  it("pairs a strength session with an easy run when there are more sessions than days", () => {
    const layout = layoutWeek(weekOne, [MON, WED, FRI, SUN]);
    expect(summarize(layout)).toEqual([
      "mon w1-run-1",
      "mon w1-strength-a",
      "wed w1-strength-b",
      "fri w1-run-2",
      "sun w1-long-run",
    ]);
  });

  it("pairs both strength sessions on three days, never two of a kind on one day", () => {
    const layout = layoutWeek(weekOne, [TUE, THU, SAT]);
    expect(summarize(layout)).toEqual([
      "tue w1-run-1",
      "tue w1-strength-a",
      "thu w1-run-2",
      "thu w1-strength-b",
      "sat w1-long-run",
    ]);
  });

  it("leaves out a run on two days, keeping the long run, and says why", () => {
    const layout = layoutWeek(weekOne, [WED, SUN]);
    expect(summarize(layout)).toEqual(["wed w1-run-1", "wed w1-strength-a", "sun w1-strength-b", "sun w1-long-run"]);
    expect(layout.unscheduled).toEqual([
      { sessionId: "w1-run-2", reason: "Only 2 training days this week and runs are never doubled up." },
    ]);
  });

  it("schedules nothing without a training day", () => {
    const layout = layoutWeek(weekOne, []);
    expect(layout.placed).toEqual([]);
    expect(layout.unscheduled.map((entry) => entry.sessionId)).toEqual(weekOne.map((session) => session.id));
  });

  it("spreads sessions out rather than bunching them at the start", () => {
    const strengthOnly = weekOne.filter((session) => session.type === "strength");
    expect(summarize(layoutWeek(strengthOnly, [MON, TUE, WED, THU, FRI, SAT]))).toEqual([
      "tue w1-strength-a",
      "fri w1-strength-b",
    ]);
  });
});

function makeRun(id: string, kind: RunKind): RunSession {
  return { type: "run", id, kind, durationMinutes: 30, intensity: { rpe: 3 } };
}

function makeStrength(id: string): StrengthSession {
  return { type: "strength", id, title: id, durationMinutes: 40, rpe: 6, exercises: [] };
}

const sessionsArbitrary: fc.Arbitrary<Session[]> = fc
  .tuple(
    fc.array(fc.constantFrom<RunKind>("easy", "long", "tempo", "intervals"), { maxLength: 5 }),
    fc.integer({ min: 0, max: 4 }),
  )
  .chain(([runKinds, strengthCount]) => {
    const sessions: Session[] = [
      ...runKinds.map((kind, index) => makeRun(`run-${index}`, kind)),
      ...Array.from({ length: strengthCount }, (_, index) => makeStrength(`strength-${index}`)),
    ];
    return fc.shuffledSubarray(sessions, { minLength: sessions.length, maxLength: sessions.length });
  });

const trainingDaysArbitrary = fc
  .uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 0, maxLength: 7 })
  .map((days) => days.map(dateOf));

describe("layoutWeek properties", () => {
  it("never puts two sessions on a day unless there are more sessions than days, and never two of a kind", () => {
    fc.assert(
      fc.property(sessionsArbitrary, trainingDaysArbitrary, (sessions, days) => {
        const layout = layoutWeek(sessions, days);
        const byDate = new Map<IsoDate, Session[]>();
        for (const { session, date } of layout.placed) byDate.set(date, [...(byDate.get(date) ?? []), session]);

        expect(byDate.size).toBeLessThanOrEqual(days.length);
        for (const [date, onDay] of byDate) {
          expect(days).toContain(date);
          expect(onDay.filter((session) => session.type === "run").length).toBeLessThanOrEqual(1);
          expect(onDay.filter((session) => session.type === "strength").length).toBeLessThanOrEqual(1);
          if (onDay.length > 1) expect(layout.placed.length).toBeGreaterThan(days.length);
        }
      }),
    );
  });

  it("places or explains every session, dropping only what cannot fit", () => {
    fc.assert(
      fc.property(sessionsArbitrary, trainingDaysArbitrary, (sessions, days) => {
        const layout = layoutWeek(sessions, days);
        const placedIds = layout.placed.map(({ session }) => session.id);
        const unscheduledIds = layout.unscheduled.map((entry) => entry.sessionId);
        expect([...placedIds, ...unscheduledIds].sort()).toEqual(sessions.map((session) => session.id).sort());
        const runs = sessions.filter((session) => session.type === "run").length;
        const strengths = sessions.length - runs;
        expect(layout.unscheduled).toHaveLength(Math.max(0, runs - days.length) + Math.max(0, strengths - days.length));
        if (sessions.length <= days.length)
          expect(new Set(layout.placed.map(({ date }) => date)).size).toBe(sessions.length);
      }),
    );
  });

  it("keeps strength sessions in the coach's order", () => {
    fc.assert(
      fc.property(sessionsArbitrary, trainingDaysArbitrary, (sessions, days) => {
        const planOrder = sessions.filter((session) => session.type === "strength").map((session) => session.id);
        const placedOrder = layoutWeek(sessions, days)
          .placed.filter(({ session }) => session.type === "strength")
          .map(({ session }) => session.id);
        expect(placedOrder).toEqual(planOrder.slice(0, placedOrder.length));
      }),
    );
  });
});
