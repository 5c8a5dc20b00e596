import { verifySignedValue } from "@academy/auth";
import { findCurrentWindow } from "@academy/db/queries/enrollment";
import { getWaitlistEntry, isOnWaitlist } from "@academy/db/queries/waitlist";
import { decideEnrollment, formatMoment } from "@academy/doors";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { isFormPost, readBody } from "../http/body.ts";
import type { AppEnv } from "../http/context.ts";
import { ApiError, FormRedirect } from "../http/errors.ts";

export const ENROLL_PURPOSE = "enroll";

const enrollSchema = z.object({ invite: z.string().max(200).optional().catch(undefined) });

/**
 * `POST /api/enroll`: the server decides, from its own clock, whether this person may enroll now —
 * the same rule the enroll page shows. Checkout itself arrives with billing.
 */
export const enrollRoutes = new Hono<AppEnv>().post("/", async (c) => {
  const input = await readBody(c, enrollSchema);
  const { database, clock } = c.get("services");
  const now = clock.now();
  const window = await findCurrentWindow(database.db, now);
  if (!window) refuse(c, 409, "doors_closed", "Doors are closed right now. Join the waitlist to hear when they open.");
  const onWaitlist = await isVisitorOnWaitlist(c, input.invite);
  const decision = decideEnrollment(window, now, { onWaitlist }, 0);
  if (!decision.allowed) {
    switch (decision.reason) {
      case "not-open-yet":
        refuse(c, 409, "not_open_yet", `Doors open on ${formatMoment(decision.opensAt, window.timeZone)}.`);
        break;
      case "waitlist-only":
        refuse(
          c,
          403,
          "waitlist_only",
          `Only the waitlist can enroll until ${formatMoment(decision.publicOpensAt, window.timeZone)}. Use the link in your "doors are open" email, or sign in with your waitlist email.`,
        );
        break;
      case "full":
        refuse(c, 409, "window_full", "This enrollment is full. Join the waitlist to be first next time.");
        break;
      default:
        refuse(c, 409, "doors_closed", "Doors have closed. Join the waitlist to hear when they open again.");
    }
  }
  refuse(c, 503, "checkout_unavailable", "Checkout is not connected on this server yet. Please try again later.");
});

async function isVisitorOnWaitlist(c: Context<AppEnv>, invite: string | undefined): Promise<boolean> {
  const { database, appSecret } = c.get("services");
  const entryId = invite ? verifySignedValue(appSecret, ENROLL_PURPOSE, invite) : undefined;
  if (entryId) {
    const entry = await getWaitlistEntry(database.db, entryId);
    if (entry && !entry.unsubscribedAt) return true;
  }
  const user = c.get("user");
  return user !== undefined && isOnWaitlist(database.db, user.email);
}

function refuse(c: Context<AppEnv>, status: 403 | 409 | 503, code: string, message: string): never {
  if (isFormPost(c)) throw new FormRedirect(`/enroll?error=${encodeURIComponent(message)}`);
  throw new ApiError(status, code, message);
}
