/**
 * Words and numbers for training pages: dates in her plan (ISO days, read on the UTC calendar like the engine),
 * loads, rep ranges, efforts and the short labels of a session.
 */
import type {
  ExercisePrescription,
  IsoDate,
  LoadPrescription,
  LoggedSet,
  RepRange,
  RunIntensity,
  SessionStatus,
} from "@academy/programming";

const dayFormat = new Intl.DateTimeFormat("en-GB", {
  weekday: "short",
  day: "numeric",
  month: "short",
  timeZone: "UTC",
});
const longDayFormat = new Intl.DateTimeFormat("en-GB", {
  weekday: "long",
  day: "numeric",
  month: "long",
  timeZone: "UTC",
});
const shortDateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

function toUtcDate(date: IsoDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** `Tue 5 May` */
export function formatDay(date: IsoDate): string {
  return dayFormat.format(toUtcDate(date));
}

/** `Tuesday 5 May` */
export function formatLongDay(date: IsoDate): string {
  return longDayFormat.format(toUtcDate(date));
}

/** `5–11 May`, or `28 Apr – 4 May` across months. */
export function formatDateRange(from: IsoDate, to: IsoDate): string {
  const start = toUtcDate(from);
  const end = toUtcDate(to);
  if (start.getUTCMonth() === end.getUTCMonth()) return `${start.getUTCDate()}–${shortDateFormat.format(end)}`;
  return `${shortDateFormat.format(start)} – ${shortDateFormat.format(end)}`;
}

/** Loads to at most two decimals, without trailing zeros: `12.5 kg`, `10 kg`. */
export function formatKg(kg: number): string {
  return `${Math.round(kg * 100) / 100} kg`;
}

export function formatReps(range: RepRange): string {
  return range.min === range.max ? `${range.min}` : `${range.min}–${range.max}`;
}

/** What to lift: `12.5 kg`, `Bodyweight`, or `Your choice` when she chooses her first load. */
export function formatLoad(load: LoadPrescription): string {
  if (load.kind === "kg") return formatKg(load.kg);
  if (load.kind === "bodyweight") return "Bodyweight";
  return "Choose a challenging but safe load";
}

/** `2 × 15–20 reps, aim for 15 · 3 in reserve` */
export function formatSetsAndReps(exercise: ExercisePrescription): string {
  const reps = formatReps(exercise.reps);
  const aim = exercise.reps.min === exercise.reps.max ? "" : `, aim for ${exercise.aimReps}`;
  return `${exercise.sets} × ${reps} reps${aim} · ${exercise.targetRir} in reserve`;
}

export function formatEffort(intensity: RunIntensity): string {
  return intensity.rpe !== undefined ? `effort ${intensity.rpe} of 10 (RPE)` : `zone ${intensity.zone}`;
}

/** What she logged for one exercise, grouped: `2 × 20 at 10 kg`, or `20, 18 at 10 kg`. */
export function formatLoggedSets(sets: readonly LoggedSet[]): string {
  if (sets.length === 0) return "no sets";
  const loads = [...new Set(sets.map((set) => set.loadKg))];
  // A hold shows its seconds where a set shows its reps.
  const reps = sets.map((set) => set.reps ?? `${set.seconds} s`);
  const sameReps = reps.every((count) => count === reps[0]);
  const repsText = sameReps ? `${sets.length} × ${reps[0]}` : reps.join(", ");
  if (loads.length === 1) return loads[0] === 0 ? `${repsText} reps` : `${repsText} at ${formatKg(loads[0] ?? 0)}`;
  return sets.map((set) => `${set.reps ?? `${set.seconds} s`} at ${formatKg(set.loadKg)}`).join(", ");
}

export const STATUS_LABELS: Readonly<Record<SessionStatus, string>> = {
  done: "Done",
  planned: "Planned",
  moved: "Moved",
  dropped: "Missed",
};

/** A whole number with thousands separators: `1,240`. */
export function formatNumber(value: number): string {
  return Math.round(value).toLocaleString("en-GB");
}

/** `1 session`, `3 sessions` */
export function pluralize(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
