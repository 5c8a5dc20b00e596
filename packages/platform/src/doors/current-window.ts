/**
 * The current enrollment window, read from the database at most once per `maxAgeMs`. Every enroll click
 * asks for it, and it changes only when the coach edits a window: her edits in this process clear it at
 * once, and another instance sees them within `maxAgeMs`. Phases are still decided at each request's
 * own instant, from the windows as read (all live windows not closed yet), so a window opening or closing
 * between two reads is seen on time.
 *
 * @example
 * const doors = createCurrentWindow(database.db);
 * const window = await doors.at(clock.now());
 * doors.forget(); // after the coach saved a window
 */
import type { Database } from "@academy/db/client";
import { type EnrollmentWindowRow, listWindowsAhead } from "@academy/db/queries/enrollment";

export interface CurrentWindow {
  /** The live window that has not closed at `now` (open now, or next). */
  at(now: Date): Promise<EnrollmentWindowRow | undefined>;
  /** Drops what was read: the next call reads again. */
  forget(): void;
}

export function createCurrentWindow(db: Database, options: { maxAgeMs?: number } = {}): CurrentWindow {
  const maxAgeMs = options.maxAgeMs ?? 1_000;
  let read: { at: number; readFor: Date; windows: Promise<EnrollmentWindowRow[]> } | undefined;
  return {
    async at(now) {
      const fresh = read && performance.now() - read.at < maxAgeMs && now >= read.readFor;
      if (!read || !fresh) {
        const windows = listWindowsAhead(db, now);
        read = { at: performance.now(), readFor: now, windows };
        // A failed read is not kept: the next call tries again.
        windows.catch(() => {
          if (read?.windows === windows) read = undefined;
        });
      }
      return (await read.windows).find((window) => window.closesAt > now);
    },
    forget() {
      read = undefined;
    },
  };
}
