import { nextChange, phaseAt } from "@academy/doors";

/** Whether a non-member can enroll now ("open"), only the waitlist can ("waitlist"), or doors are closed. */
export type DoorsState = "open" | "waitlist" | "closed";

export interface Doors {
  state: DoorsState;
  /** When the state changes next (the window's next phase), if it is scheduled to. */
  changesAt?: Date;
}

/** The doors as the enroll API sees them: from the same current window, phases decided at this instant. */
export async function loadDoors(services: App.Locals["platform"]["services"]): Promise<Doors> {
  const now = services.clock.now();
  const window = await services.currentWindow.at(now);
  if (!window) return { state: "closed" };
  const phase = phaseAt(window, now);
  const state = phase === "public" ? "open" : phase === "priority" ? "waitlist" : "closed";
  const change = nextChange(window, now);
  return change === undefined ? { state } : { state, changesAt: change.at };
}

export async function loadDoorsState(services: App.Locals["platform"]["services"]): Promise<DoorsState> {
  return (await loadDoors(services)).state;
}

/** How long a shared cache may keep a page that is the same for every signed-out visitor. */
export const SIGNED_OUT_PAGE_SECONDS = 5;

/**
 * The Cache-Control of a page that is the same for every signed-out visitor, whose call to action follows
 * `doors`: shared caches (and the server's own) may keep it a few seconds, never past the doors' next change,
 * so "Enroll now" appears the second doors open. Browsers revalidate (`max-age=0`). Undefined when the change
 * is under a second away: then nothing keeps it.
 */
export function describeSignedOutCaching(doors: Doors, now: Date): string | undefined {
  const untilChange =
    doors.changesAt === undefined ? Number.POSITIVE_INFINITY : (doors.changesAt.getTime() - now.getTime()) / 1000;
  const seconds = Math.floor(Math.min(SIGNED_OUT_PAGE_SECONDS, untilChange));
  return seconds >= 1 ? `public, max-age=0, s-maxage=${seconds}` : undefined;
}
