import { fileURLToPath } from "node:url";
import type { StrengthLog } from "@academy/programming";
import { describe, expect, it } from "vitest";
import type { ReaderAccess } from "./member-access.ts";
import type { MemberRecords } from "./member-context.ts";
import { loadTrainingView } from "./member-training.ts";
import { loadPlans } from "./plans.ts";

const plans = loadPlans(fileURLToPath(new URL("../../../../content/plans", import.meta.url)));
const plan = (() => {
  const [first] = plans.values();
  if (!first) throw new Error("no plan in content/plans");
  return first;
})();

function servicesOn(day: string) {
  const now = new Date(`${day}T09:00:00Z`);
  return { clock: { now: () => now }, plans };
}

function memberWith(id: string, records: Partial<MemberRecords>): ReaderAccess {
  const at = new Date("2026-03-01T00:00:00Z");
  const profile = {
    userId: id,
    planSlug: plan.id,
    // Monday 2 March 2026.
    startDate: "2026-03-02",
    availableDays: ["mon", "tue", "thu", "sat", "sun"],
    currentWeeklyRunningMinutes: 60,
    experience: "returning",
    raceDate: null,
    recentRace: null,
    maxHeartRate: null,
    calendarTokenHash: null,
    createdAt: at,
    updatedAt: at,
  };
  return {
    kind: "coach",
    user: { id, email: `${id}@example.com`, createdByCheckoutCustomer: null, createdAt: at, updatedAt: at },
    records: { subscription: undefined, grant: undefined, profile, logs: [], completedLessons: [], ...records },
  };
}

const strengthA: StrengthLog = {
  type: "strength",
  sessionId: "w1-strength-a",
  date: "2026-03-03",
  durationMinutes: 40,
  rpe: 7,
  exercises: [{ exerciseId: "split-squat", sets: [20, 20].map((reps) => ({ reps, loadKg: 10, rir: 3 })) }],
};

const statusOf = (view: ReturnType<typeof loadTrainingView>, sessionId: string) =>
  view.training?.week.sessions.find((session) => session.session.id === sessionId)?.status;

describe("loadTrainingView", () => {
  it("shows her week as her logs, her lessons and the day have it, and again after each change", () => {
    const before = loadTrainingView(servicesOn("2026-03-04"), memberWith("usr_ruth", {}));
    expect(statusOf(before, "w1-strength-a")).not.toBe("done");
    // The same inputs: the same week, not computed again.
    const again = loadTrainingView(servicesOn("2026-03-04"), memberWith("usr_ruth", {}));
    expect(again.training?.week).toBe(before.training?.week);

    const logged = memberWith("usr_ruth", { logs: [{ id: "log_1", entry: { ...strengthA } }] });
    const after = loadTrainingView(servicesOn("2026-03-04"), logged);
    expect(statusOf(after, "w1-strength-a")).toBe("done");

    const nextWeek = loadTrainingView(servicesOn("2026-03-10"), logged);
    expect(nextWeek.training?.week.week?.from).toBe("2026-03-09");
  });

  it("never hands one member's week to another, even with the same plan and days", () => {
    const ruth = loadTrainingView(
      servicesOn("2026-03-04"),
      memberWith("usr_ruth", { logs: [{ id: "log_1", entry: { ...strengthA } }] }),
    );
    const ann = loadTrainingView(servicesOn("2026-03-04"), memberWith("usr_ann", {}));
    expect(statusOf(ruth, "w1-strength-a")).toBe("done");
    expect(statusOf(ann, "w1-strength-a")).not.toBe("done");
    expect(ann.training?.logs).toEqual([]);
  });

  it("gives her week, her weeks so far and her next session from one schedule", () => {
    const view = loadTrainingView(servicesOn("2026-03-04"), memberWith("usr_nell", {}));
    const training = view.training;
    expect(training?.schedule.current?.from).toBe(training?.week.week?.from);
    // Wednesday: the next session is Thursday's, in the week the schedule lays out.
    expect(training?.next?.date).toBe("2026-03-05");
    expect(training?.schedule.weeks.map((week) => week.timing)).toEqual(["current", "upcoming"]);
    expect(view.profile?.planSlug).toBe(plan.id);
  });
});
