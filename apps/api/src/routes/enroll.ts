import { findOrCreateUser } from "@academy/auth";
import { countWindowMembers, findEnrollmentState } from "@academy/db/queries/billing";
import { decideEnrollment, formatMoment } from "@academy/doors";
import {
  checkLine,
  isLive,
  joinLine,
  type LineState,
  lineIsFull,
  lineIsLong,
  lineTicket,
  openCheckout,
  QueueFullError,
} from "@academy/platform/billing";
import { identifyEnrollVisitor } from "@academy/platform/enrollment";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { isFormPost, readBody } from "../http/body.ts";
import type { AppEnv } from "../http/context.ts";
import { ApiError, FormRedirect } from "../http/errors.ts";
import { emailField } from "../http/fields.ts";

const enrollSchema = z.object({
  invite: z.string().max(200).optional().catch(undefined),
  email: emailField.optional(),
});

/**
 * `POST /api/enroll`: the server decides, from its own clock, whether this person may enroll now —
 * the same rule the enroll page shows — and sends her to her checkout page, or, in a rush, to her place
 * in line (see billing/checkout-line.ts).
 */
export const enrollRoutes = new Hono<AppEnv>()
  .post("/", async (c) => {
    const input = await readBody(c, enrollSchema);
    const { database, clock, currentWindow } = c.get("services");
    const now = clock.now();
    const window = await currentWindow.at(now);
    if (!window)
      refuse(c, 409, "doors_closed", "Doors are closed right now. Join the waitlist to hear when they open.");
    const user = c.get("user");
    const { invited, onWaitlist } = await identifyEnrollVisitor(
      database.db,
      c.get("services").appSecret,
      input.invite,
      user,
    );
    const seatsTaken = window.capacity === null ? 0 : await countWindowMembers(database.db, window.id);
    const decision = decideEnrollment(window, now, { onWaitlist }, seatsTaken);
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
    const email = user?.email ?? invited?.email ?? input.email;
    if (!email) {
      if (isFormPost(c))
        throw new FormRedirect(`/enroll?error=${encodeURIComponent("Enter your email address to enroll.")}`);
      throw new ApiError(
        422,
        "invalid_input",
        "Enter your email address to enroll.",
        {},
        { email: "Enter your email address to enroll." },
      );
    }
    // One round trip answers a repeat click; only a first click goes on to open a checkout.
    const known = await findEnrollmentState(database.db, { email, windowId: window.id, now });
    if (isLive(known?.subscription)) {
      if (isFormPost(c)) return c.redirect("/account?notice=You%27re%20already%20a%20member.", 303);
      throw new ApiError(
        409,
        "already_member",
        "You're already a member: open your account to manage your membership.",
      );
    }
    if (known?.openCheckoutUrl) return checkoutAnswer(c, known.openCheckoutUrl);
    const member = user ?? known?.user ?? (await findOrCreateUser(database.db, email));
    const services = c.get("services");
    const params = { userId: member.id, email: member.email, windowId: window.id, siteUrl: services.siteUrl, now };
    if (lineIsFull(services.stripePacers, member.id, window.id)) checkoutBusy(c);
    // In a rush she gets her place in line at once rather than a request that hangs until Stripe's turn.
    if (lineIsLong(services.stripePacers, member.id, window.id)) {
      const place = joinLine(services, params);
      const ticket = lineTicket(services.appSecret, member.id, window.id);
      if (isFormPost(c)) return c.redirect(`/enroll/line?ticket=${encodeURIComponent(ticket)}`, 303);
      return lineAnswer(c, place, ticket);
    }
    let url: string;
    try {
      url = await openCheckout(database.db, services.billing, services.stripePacers, params);
    } catch (error) {
      if (!(error instanceof QueueFullError)) throw error;
      checkoutBusy(c);
    }
    return checkoutAnswer(c, url);
  })
  // `GET /api/enroll/line?ticket=…`: where she stands in line — 200 with her checkout URL once it is
  // open, 202 with the people ahead and a Retry-After while it opens.
  .get("/line", async (c) => {
    const ticket = c.req.query("ticket") ?? "";
    return lineAnswer(c, await checkLine(c.get("services"), ticket), ticket);
  });

function lineAnswer(c: Context<AppEnv>, place: LineState, ticket: string) {
  switch (place.state) {
    case "ready":
      return c.json({ checkoutUrl: place.checkoutUrl });
    case "waiting":
      return c.json(
        {
          inLine: true,
          ahead: place.ahead,
          waitSeconds: place.waitSeconds,
          lineUrl: `/enroll/line?ticket=${encodeURIComponent(ticket)}`,
          statusUrl: `/api/enroll/line?ticket=${encodeURIComponent(ticket)}`,
        },
        202,
        { "retry-after": "2", "cache-control": "no-store" },
      );
    case "closed":
      throw new ApiError(409, "doors_closed", "Doors have closed. Join the waitlist to hear when they open again.");
    default:
      throw new ApiError(
        400,
        "invalid_ticket",
        "This place-in-line link is not valid. Open /enroll and click Enroll now again: you keep your checkout.",
      );
  }
}

function checkoutBusy(c: Context<AppEnv>): never {
  const message = "So many people are enrolling right now that checkout is busy. Please try again in a minute.";
  if (isFormPost(c)) throw new FormRedirect(`/enroll?error=${encodeURIComponent(message)}`);
  throw new ApiError(503, "checkout_busy", message, { "retry-after": "30" });
}

function checkoutAnswer(c: Context<AppEnv>, url: string) {
  if (isFormPost(c)) return c.redirect(url, 303);
  return c.json({ checkoutUrl: url });
}

function refuse(c: Context<AppEnv>, status: 403 | 409, code: string, message: string): never {
  if (isFormPost(c)) throw new FormRedirect(`/enroll?error=${encodeURIComponent(message)}`);
  throw new ApiError(status, code, message);
}
