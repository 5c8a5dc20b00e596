/**
 * @academy/programming — the training-plan model and progression engine. Pure functions only: no I/O, and the
 * clock ("today", "now") is always an argument.
 *
 * A plan (phases → weeks → run and strength sessions) is validated with `parsePlan`; a member's schedule and her
 * prescription for this week follow from the plan, her profile, her logs, her completed lessons, her pauses and today.
 *
 * @example
 * const plan = parsePlan(parseYaml(source), "content/plans/foundations.yaml");
 * const context = {
 *   plan,
 *   profile: { startDate: "2025-01-06", availableDays: ["mon", "wed", "fri", "sun"], currentWeeklyRunningMinutes: 60, experience: "returning" },
 *   logs, // what she has logged: runs and strength sets
 *   completedLessons: ["split-squat", "hip-hinge"],
 *   pauses: [{ from: "2025-03-01", to: "2025-03-14" }],
 *   today: "2025-02-12",
 * } satisfies MemberContext;
 * const week = prescribeWeek(context); // this week's sessions: dates, statuses, sets, reps, loads and reasons
 * const next = prescribeNext(context); // the next session to do
 * const training = prescribeTraining(context); // { schedule, week, next } from one schedule, for a page
 * const checked = validateSessionLog(plan, body); // { ok: true, log } or { ok: false, issue: { path, message } }
 * const ics = exportScheduleToICalendar(buildSchedule(context), { memberId, now: new Date(clockMillis) });
 */

export { addDays, getWeekday, type IsoDate, isIsoDate, toIsoDate, WEEKDAYS, type Weekday } from "./dates.ts";
export {
  computeHeartRateZone,
  HEART_RATE_ZONE_SHARES,
  type HeartRateZone,
} from "./heart-rate.ts";
export {
  buildCalendarEvents,
  type CalendarEvent,
  escapeICalText,
  exportScheduleToICalendar,
  foldICalLine,
  formatICalTimestamp,
  type RenderICalendarOptions,
  renderICalendar,
  type ScheduleCalendarOptions,
} from "./ical.ts";
export { type SessionLogCheck, type SessionLogIssue, validateSessionLog } from "./log-validation.ts";
export {
  type Experience,
  type HoldSet,
  type LoggedExercise,
  type LoggedSet,
  type MemberProfile,
  memberProfileSchema,
  type Pause,
  pauseSchema,
  type RecentRace,
  type RepSet,
  type RunLog,
  readAmount,
  readRir,
  type SessionLog,
  type StrengthLog,
  sessionLogSchema,
} from "./member.ts";
export {
  applyMissedSessionRules,
  type MissedSessionContext,
  type ScheduledSession,
  type SessionStatus,
} from "./missed-sessions.ts";
export {
  estimateOneRepMax,
  type LiftTrend,
  ONE_REP_MAX_FORMULA,
  ONE_REP_MAX_MAX_REPS,
  type OneRepMaxPoint,
  trackOneRepMax,
} from "./one-rep-max.ts";
export {
  computePaceRange,
  computeTablePace,
  computeVdot,
  describeRace,
  formatPace,
  formatRaceTime,
  type PaceRange,
  parseRaceTime,
  predictRaceSeconds,
} from "./paces.ts";
export {
  findPlanSession,
  getSessionTitle,
  indexPlanSessions,
  listMissingLessons,
  listPlanWeeks,
  type PlanSessionEntry,
  type PlanWeekEntry,
  selectGateHoldWeek,
} from "./plan.ts";
export {
  countActiveDaysBefore,
  findWeekIndex,
  getWeekWindow,
  listWeekWindows,
  mapPlanDayToDate,
  normalizePauses,
  shiftDateForPauses,
  type WeekWindow,
} from "./plan-calendar.ts";
export { checkPlanData, type PlanFileCheck } from "./plan-file.ts";
export {
  DEFAULT_DELOAD,
  DEFAULT_LOAD_GUIDANCE,
  DEFAULT_RAMP_FLOOR_KM,
  DEFAULT_RAMP_FLOOR_MINUTES,
  DEFAULT_RAMP_LIMIT_PERCENT,
  type DeloadSettings,
  type Exercise,
  formatIssuePath,
  type PaceZone,
  type Phase,
  type Plan,
  type PlanInput,
  type PlanIssue,
  PlanValidationError,
  parsePlan,
  planSchema,
  type RaceSettings,
  type RepRange,
  type RunIntensity,
  type RunKind,
  type RunSession,
  type RunStep,
  type RunStepPart,
  type Session,
  type StepTarget,
  type StrengthSession,
  type Variation,
  type Week,
} from "./plan-schema.ts";
export {
  collectExerciseHistory,
  deloadStrengthBudget,
  type PrescribedSession,
  prescribeNext,
  prescribeNextTime,
  prescribeTraining,
  prescribeWeek,
  previewSession,
  type SessionPrescription,
  type StrengthPrescription,
  type TrainingPrescription,
  type WeekPrescription,
  type WeekVolumeSummary,
} from "./prescribe.ts";
export {
  classifyPerformance,
  computeLoadIncrease,
  countDeloadSets,
  type ExercisePerformance,
  type ExercisePrescription,
  type LoadPrescription,
  type PerformanceOutcome,
  type PrescribeExerciseOptions,
  type ProgressionDecision,
  prescribeExercise,
  raiseDeloadRir,
} from "./progression.ts";
export {
  computeWeekRunningFraction,
  countBackStartDate,
  explainRaceDateProblem,
  findTaperFraction,
  isRaceWeek,
  resolveStartDate,
} from "./race.ts";
export {
  assessRamp,
  checkPlanRamp,
  DEFAULT_RAMP_OPTIONS,
  exceedsRampLimit,
  findRampBaseline,
  type PlanRampFinding,
  type RampGuidance,
  type RampGuidanceKind,
  type RampOptions,
  type RampWeek,
} from "./ramp.ts";
export {
  type AthleteNumbers,
  type DescribedStep,
  type DescribedTarget,
  describeRunSteps,
  describeTarget,
} from "./run-steps.ts";
export {
  computeRunningScale,
  convertIntensityToRpe,
  MAX_RUNNING_SCALE,
  MIN_RUNNING_SCALE,
  prescribeRun,
  type RunPrescription,
  type RunScaling,
  sumPlannedRunningKm,
  sumPlannedRunningMinutes,
  ZONE_RPE,
} from "./running.ts";
export {
  type BuildScheduleOptions,
  buildSchedule,
  type GateStatus,
  type MemberContext,
  type MemberSchedule,
  type MembershipStatus,
  type ProjectionEnd,
  type ScheduledWeek,
  type WeekReason,
} from "./schedule.ts";
export {
  addVolumes,
  EMPTY_VOLUME,
  HARD_SET_MAX_RIR,
  measureLoggedSession,
  measurePrescribedRun,
  measurePrescribedStrength,
  summarizeLoggedVolume,
  summarizeLoggedVolumeByWeek,
  sumVolumes,
  type WeeklyVolume,
} from "./volume.ts";
export { layoutWeek, type PlacedSession, type UnscheduledSession, type WeekLayout } from "./week-layout.ts";
