import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, getWeekday, type IsoDate } from "./dates.ts";
import { samplePlan } from "./fixtures/sample-plan.ts";
import type { SessionLog } from "./member.ts";
import { applyMissedSessionRules, type ScheduledSession } from "./missed-sessions.ts";
import type { Session } from "./plan-schema.ts";
import { layoutWeek, type PlacedSession } from "./week-layout.ts";

const MONDAY = "2025-01-06";
const day = (offset: number) => addDays(MONDAY, offset);
const weekOne = samplePlan.phases[0]?.weeks[0]?.sessions ?? [];
// Mon, Tue, Wed, Thu, Fri and Sun: five sessions leave Wednesday free.
const TRAINING_DAYS = [day(0), day(1), day(2), day(3), day(4), day(6)];
const layout = layoutWeek(weekOne, TRAINING_DAYS);

function logOf(sessionId: string, date: IsoDate): SessionLog {
  return { type: "run", sessionId, date, minutes: 30, rpe: 3 };
}

function describeWeek(sessions: readonly ScheduledSession[]): string[] {
  return sessions.map(({ session, date, status }) => `${getWeekday(date)} ${session.id} ${status}`);
}

describe("applyMissedSessionRules", () => {
  it("starts from the layout: nothing missed at the start of the week", () => {
    expect(
      describeWeek(applyMissedSessionRules(layout.placed, { candidateDates: TRAINING_DAYS, logs: [], today: day(0) })),
    ).toEqual([
      "mon w1-run-1 planned",
      "tue w1-strength-a planned",
      "thu w1-run-2 planned",
      "fri w1-strength-b planned",
      "sun w1-long-run planned",
    ]);
  });

  it("drops a missed run and moves a missed strength session to the next free day", () => {
    const week = applyMissedSessionRules(layout.placed, { candidateDates: TRAINING_DAYS, logs: [], today: day(2) });
    expect(describeWeek(week)).toEqual([
      "mon w1-run-1 dropped",
      "wed w1-strength-a moved",
      "thu w1-run-2 planned",
      "fri w1-strength-b planned",
      "sun w1-long-run planned",
    ]);
    expect(week[0]?.note).toBe("Missed runs aren't made up: just carry on with the next one.");
    expect(week[1]).toMatchObject({ plannedDate: day(1), date: day(2) });
  });

  it("drops a missed strength session rather than doubling it up when no free day is left", () => {
    const week = applyMissedSessionRules(layout.placed, { candidateDates: TRAINING_DAYS, logs: [], today: day(3) });
    const strengthA = week.find(({ session }) => session.id === "w1-strength-a");
    expect(strengthA).toMatchObject({ status: "dropped", date: day(1) });
    expect(strengthA?.note).toBe("Missed, and no free day is left this week: strength sessions are never doubled up.");
  });

  it("counts a session as done on whichever day she logged it, freeing its planned day", () => {
    const logs = [logOf("w1-strength-b", day(2)), logOf("w1-run-1", day(0))];
    const week = applyMissedSessionRules(layout.placed, { candidateDates: TRAINING_DAYS, logs, today: day(3) });
    expect(describeWeek(week)).toEqual([
      "mon w1-run-1 done",
      "wed w1-strength-b done",
      "thu w1-run-2 planned",
      // Friday was strength B's day; B was done on Wednesday, so Friday is free for the missed strength A.
      "fri w1-strength-a moved",
      "sun w1-long-run planned",
    ]);
  });

  it("gives two missed strength sessions two different free days", () => {
    const strength = weekOne.filter((session) => session.type === "strength");
    const placed: PlacedSession[] = strength.map((session, index) => ({ session, date: day(index) }));
    const candidateDates = [day(0), day(1), day(2), day(3), day(4)];
    const week = applyMissedSessionRules(placed, { candidateDates, logs: [], today: day(2) });
    expect(describeWeek(week)).toEqual(["wed w1-strength-a moved", "thu w1-strength-b moved"]);
  });

  it("never moves a session onto a day she logged anything on", () => {
    const strength = weekOne.filter((session) => session.type === "strength").slice(0, 1);
    const placed: PlacedSession[] = strength.map((session) => ({ session, date: day(0) }));
    const extraRun: SessionLog = { type: "run", date: day(2), minutes: 20, rpe: 3 };
    const week = applyMissedSessionRules(placed, {
      candidateDates: [day(0), day(2), day(4)],
      logs: [extraRun],
      today: day(1),
    });
    expect(week[0]).toMatchObject({ status: "moved", date: day(4) });
  });
});

describe("applyMissedSessionRules properties", () => {
  const sessionsArbitrary = fc.shuffledSubarray(weekOne as Session[], { minLength: 0, maxLength: weekOne.length });
  const daysArbitrary = fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { maxLength: 7 }).map((days) => days.map(day));

  it("never doubles up, never moves runs, and only moves strength forward to a free day from today", () => {
    fc.assert(
      fc.property(
        sessionsArbitrary,
        daysArbitrary,
        fc.integer({ min: -1, max: 8 }),
        fc.array(fc.tuple(fc.nat(10), fc.integer({ min: 0, max: 6 })), { maxLength: 4 }),
        (sessions, trainingDays, todayOffset, logPicks) => {
          const { placed } = layoutWeek(sessions, trainingDays);
          const today = day(todayOffset);
          const logs = logPicks.flatMap(([pick, offset]) => {
            const session = sessions[pick % Math.max(1, sessions.length)];
            return session === undefined ? [] : [logOf(session.id, day(offset))];
          });
          const week = applyMissedSessionRules(placed, { candidateDates: trainingDays, logs, today });

          expect(week).toHaveLength(placed.length);
          for (const entry of week) {
            const logged = logs.some((log) => log.sessionId === entry.session.id);
            expect(entry.status === "done").toBe(logged);
            if (entry.status === "planned") expect(entry.date >= today).toBe(true);
            if (entry.status === "moved") {
              expect(entry.session.type).toBe("strength");
              expect(entry.date > entry.plannedDate).toBe(true);
              expect(entry.date >= today).toBe(true);
              expect(trainingDays).toContain(entry.date);
              const sharing = week.filter(
                (other) => other !== entry && other.status !== "dropped" && other.date === entry.date,
              );
              expect(sharing).toEqual([]);
              expect(logs.some((log) => log.date === entry.date)).toBe(false);
            }
          }
        },
      ),
    );
  });
});
