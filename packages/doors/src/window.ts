import { isValidTimeZone, LocalTimeError, localToInstant } from "./time-zone.ts";

/** One enrollment: the waitlist gets in first, then everyone, then doors close. */
export interface EnrollmentWindow {
  id: string;
  name: string;
  priorityOpensAt: Date;
  publicOpensAt: Date;
  closesAt: Date;
  /** The coach's IANA time zone: the one the dates were chosen in and are shown in. */
  timeZone: string;
  /** Seats, or null for no limit. */
  capacity: number | null;
  cancelledAt: Date | null;
}

export type Phase = "scheduled" | "priority" | "public" | "closed";

/** The phase at `now`, exact to the millisecond: each boundary belongs to the phase it opens. */
export function phaseAt(window: EnrollmentWindow, now: Date): Phase {
  const time = now.getTime();
  if (window.cancelledAt || time >= window.closesAt.getTime()) return "closed";
  if (time >= window.publicOpensAt.getTime()) return "public";
  if (time >= window.priorityOpensAt.getTime()) return "priority";
  return "scheduled";
}

/** The next phase change after `now`, if any. */
export function nextChange(window: EnrollmentWindow, now: Date): { phase: Phase; at: Date } | undefined {
  const changes: { phase: Phase; at: Date }[] = [
    { phase: "priority", at: window.priorityOpensAt },
    { phase: "public", at: window.publicOpensAt },
    { phase: "closed", at: window.closesAt },
  ];
  if (window.cancelledAt) return undefined;
  return changes.find((change) => change.at.getTime() > now.getTime());
}

export type EnrollDecision =
  | { allowed: true; phase: "priority" | "public" }
  | { allowed: false; reason: "not-open-yet"; opensAt: Date }
  | { allowed: false; reason: "waitlist-only"; publicOpensAt: Date }
  | { allowed: false; reason: "full" }
  | { allowed: false; reason: "closed" };

/** Whether this person may enroll now: the one rule the enroll page and the checkout both apply. */
export function decideEnrollment(
  window: EnrollmentWindow,
  now: Date,
  visitor: { onWaitlist: boolean },
  enrolledCount: number,
): EnrollDecision {
  const phase = phaseAt(window, now);
  if (phase === "closed") return { allowed: false, reason: "closed" };
  if (phase === "scheduled") return { allowed: false, reason: "not-open-yet", opensAt: window.priorityOpensAt };
  if (window.capacity !== null && enrolledCount >= window.capacity) return { allowed: false, reason: "full" };
  if (phase === "priority" && !visitor.onWaitlist) {
    return { allowed: false, reason: "waitlist-only", publicOpensAt: window.publicOpensAt };
  }
  return { allowed: true, phase };
}

/** Two windows overlap when their [priority opening, close) spans share any instant. */
export function windowsOverlap(
  a: Pick<EnrollmentWindow, "priorityOpensAt" | "closesAt">,
  b: Pick<EnrollmentWindow, "priorityOpensAt" | "closesAt">,
): boolean {
  return a.priorityOpensAt < b.closesAt && b.priorityOpensAt < a.closesAt;
}

export interface WindowInput {
  name: string;
  /** Wall-clock times in `timeZone`, like "2027-03-14T10:00". */
  priorityOpensAt: string;
  publicOpensAt: string;
  closesAt: string;
  timeZone: string;
  capacity?: number | null;
}

export type WindowDraft = Omit<EnrollmentWindow, "id" | "cancelledAt">;

/**
 * Turns the coach's form into a window, or explains each mistake by field. Times are read in her
 * time zone; a time the clocks skip is refused, a time that happens twice means the first.
 */
export function parseWindowInput(
  input: WindowInput,
  others: readonly Pick<EnrollmentWindow, "id" | "name" | "priorityOpensAt" | "closesAt" | "cancelledAt">[] = [],
  exceptId?: string,
): { ok: true; window: WindowDraft } | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const name = input.name.trim();
  if (name.length < 3 || name.length > 80) errors.name = "Give the window a name of 3 to 80 characters.";
  if (!isValidTimeZone(input.timeZone)) errors.timeZone = `"${input.timeZone}" is not a time zone like Europe/London.`;
  const capacity = input.capacity ?? null;
  if (capacity !== null && (!Number.isInteger(capacity) || capacity < 1 || capacity > 100_000)) {
    errors.capacity = "Capacity is a whole number of seats from 1 to 100,000, or empty for no limit.";
  }
  const instants: Partial<Record<"priorityOpensAt" | "publicOpensAt" | "closesAt", Date>> = {};
  if (!errors.timeZone) {
    for (const field of ["priorityOpensAt", "publicOpensAt", "closesAt"] as const) {
      try {
        instants[field] = localToInstant(input[field], input.timeZone);
      } catch (error) {
        errors[field] = error instanceof LocalTimeError ? error.message : "Enter a date and time.";
      }
    }
  }
  const { priorityOpensAt, publicOpensAt, closesAt } = instants;
  if (priorityOpensAt && publicOpensAt && publicOpensAt < priorityOpensAt) {
    errors.publicOpensAt = "Public enrollment cannot open before the waitlist's priority access.";
  }
  if (publicOpensAt && closesAt && closesAt <= publicOpensAt) {
    errors.closesAt = "Doors must close after they open to the public.";
  }
  if (priorityOpensAt && closesAt && Object.keys(errors).length === 0) {
    const clash = others.find(
      (other) => other.id !== exceptId && !other.cancelledAt && windowsOverlap(other, { priorityOpensAt, closesAt }),
    );
    if (clash) errors.priorityOpensAt = `These dates overlap "${clash.name}". Windows cannot overlap.`;
  }
  if (Object.keys(errors).length > 0 || !priorityOpensAt || !publicOpensAt || !closesAt) return { ok: false, errors };
  return { ok: true, window: { name, priorityOpensAt, publicOpensAt, closesAt, timeZone: input.timeZone, capacity } };
}
