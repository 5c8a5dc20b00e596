import type { EnrollRefusal, PlaceInLine } from "@academy/platform/enrollment";
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import { answer, formErrorsTo, pagePath } from "../http/answer.ts";
import { readBody } from "../http/body.ts";
import type { AppEnv } from "../http/context.ts";
import { ApiError } from "../http/errors.ts";
import { emailField } from "../http/fields.ts";

const enrollSchema = z.object({
  invite: z.string().max(200).optional().catch(undefined),
  email: emailField.optional(),
});

/** Each refusal as HTTP. */
const REFUSALS: Record<
  EnrollRefusal,
  { status: ContentfulStatusCode; code: string; headers?: Record<string, string>; field?: string }
> = {
  "doors-closed": { status: 409, code: "doors_closed" },
  "not-open-yet": { status: 409, code: "not_open_yet" },
  "waitlist-only": { status: 403, code: "waitlist_only" },
  full: { status: 409, code: "window_full" },
  "email-required": { status: 422, code: "invalid_input", field: "email" },
  "already-member": { status: 409, code: "already_member" },
  busy: { status: 503, code: "checkout_busy", headers: { "retry-after": "30" } },
};

/** While she waits in line: look again in two seconds, and never from a cache. */
const IN_LINE_HEADERS = { "retry-after": "2", "cache-control": "no-store" };

/**
 * `POST /api/enroll`: the server decides, from its own clock, whether this person may enroll now —
 * the same rule the enroll page shows — and sends her to her checkout page, or, in a rush, to her place
 * in line (see @academy/platform/enrollment). A form that cannot go on goes back to /enroll with the
 * reason; a member is sent to her account.
 */
export const enrollRoutes = new Hono<AppEnv>()
  .post(
    "/",
    formErrorsTo((error) =>
      error.code === "already_member"
        ? pagePath("/account", { notice: "You're already a member." })
        : pagePath("/enroll", { error: error.message }),
    ),
    async (c) => {
      const input = await readBody(c, enrollSchema);
      const result = await c.get("services").enrollment.enroll({
        user: c.get("user"),
        invite: input.invite,
        email: input.email,
      });
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
          const { status, code, headers, field } = REFUSALS[result.reason];
          throw new ApiError(status, code, result.message, headers, field ? { [field]: result.message } : undefined);
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
