import { findCurrentWindow } from "@academy/db/queries/enrollment";
import { phaseAt } from "@academy/doors";

/** Whether a non-member can enroll now ("open"), only the waitlist can ("waitlist"), or doors are closed. */
export type DoorsState = "open" | "waitlist" | "closed";

export async function loadDoorsState(services: App.Locals["platform"]["services"]): Promise<DoorsState> {
  const now = services.clock.now();
  const window = await findCurrentWindow(services.database.db, now);
  if (!window) return "closed";
  const phase = phaseAt(window, now);
  return phase === "public" ? "open" : phase === "priority" ? "waitlist" : "closed";
}
