/**
 * iCalendar (RFC 5545) export of her schedule, as text: one all-day event per session, CRLF line endings, TEXT
 * values escaped, lines folded at 75 octets. UIDs are built from the member, the plan, the plan week and the session,
 * so exporting again updates the same events (a moved session keeps its UID) instead of duplicating them.
 */
import { addDays, type IsoDate, toIsoDate } from "./dates.ts";
import { getSessionTitle } from "./plan.ts";
import type { MemberSchedule } from "./schedule.ts";

export interface CalendarEvent {
  uid: string;
  /** All-day event on this date. */
  date: IsoDate;
  summary: string;
  description?: string;
}

export interface RenderICalendarOptions {
  /** The clock, written into every event's DTSTAMP. An ISO date means midnight UTC. */
  now: Date | IsoDate;
  calendarName?: string;
}

export interface ScheduleCalendarOptions extends RenderICalendarOptions {
  /** Makes UIDs unique per member; any stable identifier (not shown to anyone). */
  memberId: string;
  /** The right-hand side of every UID. */
  uidDomain?: string;
}

const CRLF = "\r\n";
const MAX_LINE_OCTETS = 75;
const PRODUCT_ID = "-//Academy//Programming//EN";

/** Escapes a TEXT value: backslash, semicolon and comma get a backslash; line breaks become `\n`. */
export function escapeICalText(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/**
 * Splits a content line into lines of at most 75 octets of UTF-8, continuation lines starting with one space, and
 * never inside a multi-byte character.
 */
export function foldICalLine(line: string): string {
  const parts: string[] = [];
  let current = "";
  let currentOctets = 0;
  let limit = MAX_LINE_OCTETS;
  for (const character of line) {
    const octets = countUtf8Octets(character);
    if (currentOctets + octets > limit) {
      parts.push(current);
      current = "";
      currentOctets = 0;
      // The leading space of a continuation line counts towards its 75 octets.
      limit = MAX_LINE_OCTETS - 1;
    }
    current += character;
    currentOctets += octets;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

/** A UTC DATE-TIME such as `20250106T093000Z`. */
export function formatICalTimestamp(now: Date | IsoDate): string {
  if (typeof now === "string") return `${formatICalDate(toIsoDate(now))}T000000Z`;
  if (Number.isNaN(now.getTime())) throw new RangeError("Expected a valid Date for DTSTAMP, got an invalid one");
  return now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

export function renderICalendar(events: readonly CalendarEvent[], options: RenderICalendarOptions): string {
  const stamp = formatICalTimestamp(options.now);
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:${PRODUCT_ID}`,
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    ...(options.calendarName === undefined ? [] : [`X-WR-CALNAME:${escapeICalText(options.calendarName)}`]),
    ...events.flatMap((event) => [
      "BEGIN:VEVENT",
      `UID:${escapeICalText(event.uid)}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${formatICalDate(event.date)}`,
      // DTEND of an all-day event is the next day: the end is exclusive.
      `DTEND;VALUE=DATE:${formatICalDate(addDays(event.date, 1))}`,
      `SUMMARY:${escapeICalText(event.summary)}`,
      ...(event.description === undefined ? [] : [`DESCRIPTION:${escapeICalText(event.description)}`]),
      "TRANSP:TRANSPARENT",
      "END:VEVENT",
    ]),
    "END:VCALENDAR",
  ];
  return lines.map(foldICalLine).join(CRLF) + CRLF;
}

/**
 * One event per session she does, did, or has moved, across the schedule's weeks. Dropped sessions are left out.
 * Descriptions carry no sets, reps or loads on purpose: those change as she logs, and a calendar copy cannot.
 */
export function buildCalendarEvents(
  schedule: MemberSchedule,
  options: Pick<ScheduleCalendarOptions, "memberId" | "uidDomain">,
): CalendarEvent[] {
  const domain = options.uidDomain ?? "programming.academy";
  return schedule.weeks.flatMap((week) =>
    week.sessions
      .filter((scheduled) => scheduled.status !== "dropped")
      .map((scheduled) => {
        const { session } = scheduled;
        const details =
          session.type === "strength"
            ? [`Exercises: ${session.exercises.map((exercise) => exercise.name).join(", ")}.`]
            : [];
        const description = [
          week.deload ? "Deload week: lighter on purpose." : undefined,
          session.notes,
          ...details,
          "Open the app for today's targets.",
        ]
          .filter((part) => part !== undefined)
          .join("\n");
        return {
          uid: `${options.memberId}.${schedule.planId}.week-${week.index + 1}.${session.id}@${domain}`,
          date: scheduled.date,
          summary: getSessionTitle(session),
          description,
        };
      }),
  );
}

/** Her schedule as an iCalendar file's text. */
export function exportScheduleToICalendar(schedule: MemberSchedule, options: ScheduleCalendarOptions): string {
  return renderICalendar(buildCalendarEvents(schedule, options), options);
}

function formatICalDate(date: IsoDate): string {
  return date.replace(/-/g, "");
}

function countUtf8Octets(character: string): number {
  const codePoint = character.codePointAt(0) ?? 0;
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}
