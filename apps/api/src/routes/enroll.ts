import {
  ENROLL_PASS_MAX_AGE_SECONDS,
  type EnrollRefusal,
  enrollPassCookieName,
  type PlaceInLine,
} from "@academy/platform/enrollment";
import { type Context, Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import { answer, formErrorsTo, pagePath } from "../http/answer.ts";
import { readBody } from "../http/body.ts";
import { clientNetwork } from "../http/client-ip.ts";
import type { AppEnv } from "../http/context.ts";
import { ApiError } from "../http/errors.ts";
import { emailField } from "../http/fields.ts";

const enrollSchema = z.object({
  invite: z.string().max(200).optional().catch(undefined),
  // Optional, and never looked up: Stripe's page is where she gives (or confirms) the address she pays with.
  email: z.preprocess((value) => (value === "" ? undefined : value), emailField.optional()),
});

/** Each refusal as HTTP; a refusal that says when to try again gets it as Retry-After. */
const REFUSALS: Record<EnrollRefusal, { status: ContentfulStatusCode; code: string }> = {
  "doors-closed": { status: 409, code: "doors_closed" },
  "not-open-yet": { status: 409, code: "not_open_yet" },
  "waitlist-only": { status: 403, code: "waitlist_only" },
  full: { status: 409, code: "window_full" },
  "already-member": { status: 409, code: "already_member" },
  "already-paid": { status: 409, code: "already_paid" },
  "too-many-clicks": { status: 429, code: "rate_limited" },
  busy: { status: 503, code: "checkout_busy" },
};

/** While she waits in line: look again in two seconds, and never from a cache. */
const IN_LINE_HEADERS = { "retry-after": "2", "cache-control": "no-store" };

/**
 * `POST /api/enroll`: the server decides, from its own clock, whether this person may enroll now —
 * the same rule the enroll page shows — and sends her to her checkout page, or, in a rush, to her place
 * in line (see @academy/platform/enrollment). A visitor who is neither signed in nor holding her personal
 * link is anonymous: her browser keeps the pass that brings her back to her own checkout, and her network's
 * clicks are limited (429). A form that cannot go on goes back to /enroll with the reason; a member is sent
 * to her account.
 */
export const enrollRoutes = new Hono<AppEnv>()
  .post(
    "/",
    formErrorsTo((error) =>
      error.code === "already_member"
        ? pagePath("/account", { notice: error.message })
        : pagePath("/enroll", { error: error.message }),
    ),
    async (c) => {
      const input = await readBody(c, enrollSchema);
      const passCookie = enrollPassCookieName(c.get("services").sessionCookie.secure);
      const result = await c.get("services").enrollment.enroll({
        user: c.get("user"),
        invite: input.invite,
        email: input.email,
        pass: getCookie(c, passCookie),
        network: clientNetwork(c),
      });
      if (result.kind !== "refused" && result.pass) keepPass(c, passCookie, result.pass);
      switch (result.kind) {
        case "checkout":
          return answer(c, { json: { checkoutUrl: result.url }, redirect: result.url });
        case "line":
          return answer(c, {
            json: inLine(result.place, result.ticket),
            status: 202,
            headers: IN_LINE_HEADERS,
            redirect: linePath(result.ticket),
          });
        default: {
          const { status, code } = REFUSALS[result.reason];
          const headers: Record<string, string> =
            result.retryAfterSeconds === undefined ? {} : { "retry-after": String(result.retryAfterSeconds) };
          throw new ApiError(status, code, result.message, headers);
        }
      }
    },
  )
  // `GET /api/enroll/line?ticket=…`: where she stands in line — 200 with her checkout URL once it is
  // open, 202 with the people ahead and a Retry-After while it opens.
  .get("/line", async (c) => {
    const ticket = c.req.query("ticket") ?? "";
    const place = await c.get("services").enrollment.checkLine(ticket);
    switch (place.state) {
      case "ready":
        return c.json({ checkoutUrl: place.checkoutUrl });
      case "waiting":
        return c.json(inLine(place, ticket), 202, IN_LINE_HEADERS);
      case "closed":
        throw new ApiError(409, "doors_closed", "Doors have closed. Join the waitlist to hear when they open again.");
      default:
        throw new ApiError(
          400,
          "invalid_ticket",
          "This place-in-line link is not valid. Open /enroll and click Enroll now again: you keep your checkout.",
        );
    }
  });

/** Her browser keeps her enroll pass for a day: a second click finds the same checkout. */
function keepPass(c: Context<AppEnv>, name: string, pass: string) {
  setCookie(c, name, pass, {
    path: "/",
    httpOnly: true,
    sameSite: "Lax",
    secure: c.get("services").sessionCookie.secure,
    maxAge: ENROLL_PASS_MAX_AGE_SECONDS,
  });
}

/** The line page for this ticket. */
function linePath(ticket: string): string {
  return `/enroll/line?ticket=${encodeURIComponent(ticket)}`;
}

function inLine(place: PlaceInLine, ticket: string) {
  return {
    inLine: true,
    ahead: place.ahead,
    waitSeconds: place.waitSeconds,
    lineUrl: linePath(ticket),
    statusUrl: `/api${linePath(ticket)}`,
  };
}
