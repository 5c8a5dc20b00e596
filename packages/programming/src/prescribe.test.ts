import { describe, expect, it } from "vitest";
import { addDays, type IsoDate } from "./dates.ts";
import { samplePlan, samplePlanData } from "./fixtures/sample-plan.ts";
import type { MemberProfile, RunLog, SessionLog, StrengthLog } from "./member.ts";
import {
  type PrescribedSession,
  prescribeNext,
  prescribeNextTime,
  prescribeTraining,
  prescribeWeek,
  previewSession,
  type SessionPrescription,
  type StrengthPrescription,
} from "./prescribe.ts";
import type { ExercisePrescription } from "./progression.ts";
import { buildSchedule, type MemberContext } from "./schedule.ts";

const START = "2025-01-06"; // a Monday
// Mon run-1, Wed strength A, Fri run-2, Sat strength B, Sun long run.
const profile: MemberProfile = {
  startDate: START,
  availableDays: ["mon", "wed", "fri", "sat", "sun"],
  currentWeeklyRunningMinutes: 70,
  experience: "returning",
};
const ALL_LESSONS = [...samplePlanData.lessons];
const day = (offset: number): IsoDate => addDays(START, offset);

function context(overrides: Partial<MemberContext> = {}): MemberContext {
  return { plan: samplePlan, profile, logs: [], completedLessons: ALL_LESSONS, pauses: [], today: START, ...overrides };
}

function strengthLog(
  sessionId: string,
  date: IsoDate,
  exercises: Record<string, [reps: number, loadKg: number, rir: number][]>,
): StrengthLog {
  return {
    type: "strength",
    sessionId,
    date,
    durationMinutes: 40,
    rpe: 6,
    exercises: Object.entries(exercises).map(([exerciseId, sets]) => ({
      exerciseId,
      sets: sets.map(([reps, loadKg, rir]) => ({ reps, loadKg, rir })),
    })),
  };
}

function runLog(sessionId: string, date: IsoDate, minutes: number): RunLog {
  return { type: "run", sessionId, date, minutes, rpe: 3 };
}

function findSession(sessions: readonly PrescribedSession[], id: string): PrescribedSession {
  const found = sessions.find((session) => session.session.id === id);
  if (found === undefined) throw new Error(`no session ${id} this week`);
  return found;
}

function strengthOf(session: PrescribedSession): StrengthPrescription {
  if (session.prescription.type !== "strength") throw new Error(`${session.session.id} is not a strength session`);
  return session.prescription;
}

function exerciseOf(session: PrescribedSession, exerciseId: string): ExercisePrescription {
  const found = strengthOf(session).exercises.find((exercise) => exercise.exerciseId === exerciseId);
  if (found === undefined) throw new Error(`no ${exerciseId} in ${session.session.id}`);
  return found;
}

/** Logs one whole foundation week in window `weekIndex` with the given split squat sets. */
function foundationWeek(weekIndex: number, planWeek: number, splitSquat: [number, number, number][]): SessionLog[] {
  const base = weekIndex * 7;
  return [
    runLog(`w${planWeek}-run-1`, day(base), 20),
    strengthLog(`w${planWeek}-strength-a`, day(base + 2), { "split-squat": splitSquat }),
    runLog(`w${planWeek}-run-2`, day(base + 4), 20),
    strengthLog(`w${planWeek}-strength-b`, day(base + 5), {}),
    runLog(`w${planWeek}-long-run`, day(base + 6), 30),
  ];
}

describe("prescribeWeek", () => {
  it("asks her to choose loads in week 1 and gives the plan's runs", () => {
    const week = prescribeWeek(context());
    expect(week.status).toBe("active");
    expect(week.week).toMatchObject({
      index: 0,
      planWeekNumber: 1,
      phaseId: "foundation",
      deload: false,
      reason: "plan",
    });
    const strengthA = findSession(week.sessions, "w1-strength-a");
    expect(strengthA).toMatchObject({ date: day(2), status: "planned", planWeekNumber: 1 });
    expect(exerciseOf(strengthA, "split-squat")).toMatchObject({
      sets: 2,
      reps: { min: 15, max: 20 },
      aimReps: 15,
      targetRir: 3,
      restSeconds: 60,
      lessonSlug: "split-squat",
      load: { kind: "choose" },
      decision: "choose-load",
    });
    expect(exerciseOf(strengthA, "breathing-90-90").load).toEqual({ kind: "bodyweight" });

    const longRun = findSession(week.sessions, "w1-long-run");
    expect(longRun.prescription).toMatchObject({
      type: "run",
      kind: "long",
      durationMinutes: 30,
      intensity: { zone: 2 },
    });
  });

  it("adds the increment after she hit the top of the range on every set", () => {
    const logs = foundationWeek(0, 1, [
      [20, 10, 3],
      [20, 10, 3],
    ]);
    const week = prescribeWeek(context({ logs, today: day(7) }));
    const splitSquat = exerciseOf(findSession(week.sessions, "w2-strength-a"), "split-squat");
    expect(splitSquat.load).toEqual({ kind: "kg", kg: 12 });
    expect(splitSquat.aimReps).toBe(15);
    expect(splitSquat.reason).toBe(
      "You hit 20 reps on every set at 3 RIR last time: add 2 kg and start again at 15 reps.",
    );
  });

  it("updates a later session of the week from an earlier one she has logged", () => {
    const logs = [
      strengthLog("w1-strength-a", day(2), {
        "romanian-deadlift": [
          [16, 20, 3],
          [15, 20, 3],
        ],
      }),
    ];
    const week = prescribeWeek(context({ logs, today: day(3) }));
    const strengthA = findSession(week.sessions, "w1-strength-a");
    expect(strengthA.status).toBe("done");
    // A done session shows what she was asked to do then: no history yet, so choose.
    expect(exerciseOf(strengthA, "romanian-deadlift").load.kind).toBe("choose");
    const strengthB = findSession(week.sessions, "w1-strength-b");
    expect(exerciseOf(strengthB, "romanian-deadlift")).toMatchObject({ load: { kind: "kg", kg: 20 }, aimReps: 16 });
  });

  it("halves sets, keeps loads and cuts running in a deload week", () => {
    const logs = [
      ...foundationWeek(0, 1, [
        [16, 10, 3],
        [15, 10, 3],
      ]),
      ...foundationWeek(1, 2, [
        [18, 10, 3],
        [17, 10, 3],
      ]),
      ...foundationWeek(2, 3, [
        [20, 10, 3],
        [20, 10, 3],
      ]),
    ];
    const week = prescribeWeek(context({ logs, today: day(21) }));
    expect(week.week).toMatchObject({ planWeekNumber: 4, deload: true });
    const splitSquat = exerciseOf(findSession(week.sessions, "w4-strength-a"), "split-squat");
    expect(splitSquat).toMatchObject({ sets: 1, load: { kind: "kg", kg: 10 }, decision: "deload" });
    const longRun = findSession(week.sessions, "w4-long-run").prescription;
    // Week 4 is written as 36 minutes; a deload keeps 70% of it.
    expect(longRun).toMatchObject({ durationMinutes: 25, deload: true });
  });

  it("asks for a new load when the build phase starts, mentioning the last one", () => {
    const logs = [
      ...foundationWeek(0, 1, [
        [20, 10, 3],
        [20, 10, 3],
      ]),
      ...foundationWeek(1, 2, [
        [20, 12, 3],
        [20, 12, 3],
      ]),
      ...foundationWeek(2, 3, [
        [20, 14, 3],
        [20, 14, 3],
      ]),
      ...foundationWeek(3, 4, [[20, 14, 3]]),
    ];
    const week = prescribeWeek(context({ logs, today: day(28) }));
    expect(week.week?.planWeekNumber).toBe(5);
    const splitSquat = exerciseOf(findSession(week.sessions, "w5-strength-a"), "split-squat");
    expect(splitSquat).toMatchObject({ sets: 3, reps: { min: 8, max: 12 }, targetRir: 2, load: { kind: "choose" } });
    expect(splitSquat.reason).toMatch(/^New rep range \(8–12\): you used 14 kg for 15–20 reps\./);
  });

  it("reports the week's budget and what is logged so far", () => {
    const week = prescribeWeek(context());
    expect(week.volume.budget).toEqual({
      runningMinutes: 70,
      runningKm: 0,
      // Strength A: split squat, deadlift and calf raise at 3 RIR, 2 sets each; B: step-up and deadlift.
      strengthHardSets: 10,
      // A: 2×5 + 2×15 × 3 exercises; B: 2×6 + 2×15 × 2 exercises.
      strengthTotalReps: 100 + 72,
      // 3 × 20 + 3 × 20 + 3.5 × 30 (zone 2)
      runningLoad: 225,
      strengthLoad: 480,
      load: 705,
    });
    expect(week.volume.logged.load).toBe(0);
    expect(week.volume.projected).toEqual(week.volume.budget);

    const midWeek = prescribeWeek(context({ logs: [runLog("w1-run-1", day(0), 25)], today: day(1) }));
    expect(midWeek.volume.logged).toMatchObject({ runningMinutes: 25, runningLoad: 75 });
    expect(midWeek.volume.projected.runningMinutes).toBe(25 + 20 + 30);
  });

  it("drops a missed run and moves a missed strength session only to a free day", () => {
    const sixDays: MemberProfile = { ...profile, availableDays: ["mon", "tue", "wed", "thu", "fri", "sun"] };
    const week = prescribeWeek(context({ profile: sixDays, today: day(2) }));
    expect(week.sessions.map((session) => `${session.session.id} ${session.status} ${session.date}`)).toEqual([
      `w1-run-1 dropped ${day(0)}`,
      `w1-strength-a moved ${day(2)}`,
      `w1-run-2 planned ${day(3)}`,
      `w1-strength-b planned ${day(4)}`,
      `w1-long-run planned ${day(6)}`,
    ]);
  });

  it("gives kind ramp guidance when this week's running jumps", () => {
    const logs = [
      ...foundationWeek(0, 1, [[15, 10, 3]]).filter((log) => log.type === "strength"),
      runLog("w1-run-1", day(0), 10),
      runLog("w1-long-run", day(6), 20),
    ];
    const week = prescribeWeek(context({ logs, today: day(7) }));
    expect(week.guidance.map((guidance) => guidance.kind)).toEqual(["running-increase"]);
    expect(week.guidance[0]?.message).toContain(
      "This week comes to 77 minutes of running, 156.7% more than last week (30 minutes).",
    );
  });

  it("says why she is held at a gate", () => {
    const logs = [
      ...foundationWeek(0, 1, [[15, 10, 3]]),
      ...foundationWeek(1, 2, [[15, 10, 3]]),
      ...foundationWeek(2, 3, [[15, 10, 3]]),
      ...foundationWeek(3, 4, [[15, 10, 3]]),
    ];
    const week = prescribeWeek(context({ logs, completedLessons: ["split-squat"], today: day(28) }));
    expect(week.gate).toMatchObject({ gated: true, waitingFor: ["hip-hinge"] });
    expect(week.week).toMatchObject({ planWeekNumber: 3, reason: "gate-hold" });
    expect(week.sessions).toHaveLength(5);
  });

  it("has nothing to prescribe once the plan is complete, and says when a pause ends", () => {
    const logs = Array.from({ length: 12 }, (_, index) => runLog(`w${index + 1}-run-1`, day(index * 7), 20));
    const done = prescribeWeek(context({ logs, today: day(90) }));
    expect(done).toMatchObject({ status: "complete", sessions: [], guidance: [], gate: { gated: false } });
    expect(done.week).toBeUndefined();

    const paused = prescribeWeek(context({ pauses: [{ from: day(3), to: day(9) }], today: day(5) }));
    expect(paused).toMatchObject({ status: "paused", resumesOn: day(10) });
    expect(paused.sessions.every((session) => session.date < day(3) || session.date >= day(10))).toBe(true);
  });
});

describe("prescribeNext", () => {
  it("gives today's session when there is one", () => {
    const next = prescribeNext(context({ today: day(2) }));
    expect(next).toMatchObject({ date: day(2), planWeekNumber: 1, session: { id: "w1-strength-a" } });
  });

  it("skips what she has done today", () => {
    const logs = [strengthLog("w1-strength-a", day(2), {})];
    expect(prescribeNext(context({ logs, today: day(2) }))?.session.id).toBe("w1-run-2");
  });

  it("looks into next week once this week is over", () => {
    const logs = foundationWeek(0, 1, [
      [20, 10, 3],
      [20, 10, 3],
    ]);
    const next = prescribeNext(context({ logs, today: day(6) }));
    expect(next).toMatchObject({ date: day(7), planWeekNumber: 2, session: { id: "w2-run-1" } });
    expect(next?.prescription).toMatchObject({ type: "run", durationMinutes: 22 });
  });

  it("returns nothing once the plan is complete", () => {
    const logs = Array.from({ length: 12 }, (_, index) => runLog(`w${index + 1}-run-1`, day(index * 7), 20));
    expect(prescribeNext(context({ logs, today: day(90) }))).toBeUndefined();
  });
});

describe("prescribeTraining", () => {
  it("gives the same week and next session as prescribeWeek and prescribeNext, and her weeks up to the next one", () => {
    const logs = foundationWeek(0, 1, [
      [20, 10, 3],
      [20, 10, 3],
    ]);
    for (const today of [day(2), day(6), day(9)]) {
      const member = context({ logs, today });
      const training = prescribeTraining(member);
      expect(training.week).toEqual(prescribeWeek(member));
      expect(training.next).toEqual(prescribeNext(member));
      expect(training.schedule.weeks.map((week) => week.timing).filter((timing) => timing === "upcoming")).toEqual([
        "upcoming",
      ]);
    }
  });

  it("has no next session once the plan is complete", () => {
    const logs = Array.from({ length: 12 }, (_, index) => runLog(`w${index + 1}-run-1`, day(index * 7), 20));
    const training = prescribeTraining(context({ logs, today: day(90) }));
    expect(training.week.status).toBe("complete");
    expect(training.next).toBeUndefined();
  });
});

describe("previewSession", () => {
  const strengthOfPreview = (prescription: SessionPrescription | undefined) => {
    if (prescription?.type !== "strength") throw new Error("expected a strength session");
    return prescription;
  };
  const splitSquatOf = (prescription: SessionPrescription | undefined) =>
    strengthOfPreview(prescription).exercises.find((exercise) => exercise.exerciseId === "split-squat");

  it("previews a later week's session for her: runs scaled to her, loads from what she has logged up to today", () => {
    const lightRunner = { ...profile, currentWeeklyRunningMinutes: 35 };
    const logs = foundationWeek(0, 1, [
      [20, 10, 3],
      [20, 10, 3],
    ]);
    const member = context({ profile: lightRunner, logs, today: day(8) });
    const scale = buildSchedule(member).runningScale;
    expect(scale).toBeLessThan(1);

    const tempo = previewSession(member, "w5-run-2");
    expect(tempo).toMatchObject({ type: "run", kind: "tempo", durationMinutes: Math.round(26 * scale) });
    expect(splitSquatOf(previewSession(member, "w3-strength-a"))?.load).toEqual({ kind: "kg", kg: 12 });
    // A log dated after today (she logged ahead) does not count yet.
    const before = context({ profile: lightRunner, logs, today: day(1) });
    expect(splitSquatOf(previewSession(before, "w3-strength-a"))?.load.kind).toBe("choose");
  });

  it("prescribes a session of her week as her week does", () => {
    const logs = [strengthLog("w1-strength-a", day(2), { "romanian-deadlift": [[16, 20, 3]] })];
    const member = context({ logs, today: day(3) });
    const strengthB = findSession(prescribeWeek(member).sessions, "w1-strength-b");
    expect(previewSession(member, "w1-strength-b")).toEqual(strengthB.prescription);
  });

  it("reads as written before she has a plan, and knows no session the plan lacks", () => {
    const asWritten = previewSession({ plan: samplePlan }, "w2-strength-a");
    expect(splitSquatOf(asWritten)?.load.kind).toBe("choose");
    expect(previewSession({ plan: samplePlan }, "w2-run-1")).toMatchObject({ type: "run", durationMinutes: 22 });
    expect(previewSession({ plan: samplePlan }, "w99-nothing")).toBeUndefined();
    expect(previewSession(context(), "w99-nothing")).toBeUndefined();
  });
});

describe("prescribeNextTime", () => {
  const strengthA: StrengthLog = {
    type: "strength",
    sessionId: "w1-strength-a",
    date: day(1),
    durationMinutes: 40,
    rpe: 7,
    exercises: [
      { exerciseId: "split-squat", sets: [20, 20].map((reps) => ({ reps, loadKg: 10, rir: 3 })) },
      { exerciseId: "romanian-deadlift", sets: [20, 18].map((reps) => ({ reps, loadKg: 12, rir: 3 })) },
    ],
  };

  it("tells her, per exercise, what her log changed", () => {
    const next = prescribeNextTime(context({ logs: [strengthA], today: day(1) }), strengthA);
    const byId = new Map(next.map((exercise) => [exercise.exerciseId, exercise]));
    expect(byId.get("split-squat")).toMatchObject({ decision: "increase-load", load: { kind: "kg", kg: 12 } });
    expect(byId.get("romanian-deadlift")).toMatchObject({
      decision: "add-rep",
      load: { kind: "kg", kg: 12 },
      aimReps: 19,
    });
    expect(byId.get("calf-raise")?.decision).toBe("choose-load");
  });

  it("has nothing to say about a log outside her plan", () => {
    const member = context({ logs: [strengthA], today: day(1) });
    const { sessionId: _sessionId, ...outsidePlan } = strengthA;
    expect(prescribeNextTime(member, outsidePlan)).toEqual([]);
    expect(prescribeNextTime(member, { ...strengthA, sessionId: "w1-run-1" })).toEqual([]);
  });
});
