import {
  extendMembership,
  giveFreeMembership,
  MAX_EXTENSION_DAYS,
  type MemberActionRefusal,
  type MemberActionResult,
  refundLastPayment,
} from "@academy/platform/admin";
import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import { answer, type FormBack, formErrorsTo, pagePath } from "../http/answer.ts";
import { readBody } from "../http/body.ts";
import type { AppEnv } from "../http/context.ts";
import { ApiError } from "../http/errors.ts";
import { requireAdmin } from "../http/session.ts";

/** The key of the form she submitted (a hidden field, fresh on every page): a double click or retry sends it again. */
const requestKey = z
  .string({ error: "This form is missing its request key: reload the page and try again." })
  .regex(/^[A-Za-z0-9_-]{8,64}$/, { error: "This form's request key is not valid: reload the page and try again." });

const freeSchema = z.object({
  requestKey,
  until: z
    .string()
    .max(10)
    .optional()
    .transform((value) => (value ? value : null))
    .pipe(
      z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "Give the end date as YYYY-MM-DD, or leave it empty." })
        .nullable(),
    ),
  note: z
    .string()
    .max(500, { error: "Keep the note under 500 characters." })
    .optional()
    .transform((value) => value?.trim() || null),
});

const extendSchema = z.object({
  requestKey,
  days: z.coerce
    .number({ error: "Say by how many days to extend." })
    .int({ error: "Extend by a whole number of days." })
    .min(1, { error: "Extend by at least 1 day." })
    .max(MAX_EXTENSION_DAYS, { error: `Extend by at most ${MAX_EXTENSION_DAYS} days.` }),
});

const refundSchema = z.object({
  requestKey,
  confirm: z.literal("yes", { error: "Tick the box to confirm the refund." }),
});

/** A failed form goes back to the member's page, with the message. */
const backToMember: FormBack = (error, _fields, params) =>
  pagePath(`/admin/members/${encodeURIComponent(params.userId ?? "")}#actions`, { error: error.message });

/**
 * The coach's actions on one member's membership. Mounted under the admin routes (admin only, and the app's
 * cross-site check applies); every action is recorded with who did it, and one form submission acts once.
 */
export const adminMemberRoutes = new Hono<AppEnv>()
  .post("/:userId/free", formErrorsTo(backToMember), async (c) => {
    const { user } = requireAdmin(c);
    const input = await readBody(c, freeSchema);
    const result = await giveFreeMembership(c.get("services"), {
      userId: c.req.param("userId"),
      actor: user.email,
      requestKey: input.requestKey,
      until: input.until,
      note: input.note,
    });
    return answerAction(c, result);
  })
  .post("/:userId/extend", formErrorsTo(backToMember), async (c) => {
    const { user } = requireAdmin(c);
    const input = await readBody(c, extendSchema);
    const result = await extendMembership(c.get("services"), {
      userId: c.req.param("userId"),
      actor: user.email,
      requestKey: input.requestKey,
      days: input.days,
    });
    return answerAction(c, result);
  })
  .post("/:userId/refund", formErrorsTo(backToMember), async (c) => {
    const { user } = requireAdmin(c);
    const input = await readBody(c, refundSchema);
    const result = await refundLastPayment(c.get("services"), {
      userId: c.req.param("userId"),
      actor: user.email,
      requestKey: input.requestKey,
    });
    return answerAction(c, result);
  });

const refusalStatus: Record<MemberActionRefusal, ContentfulStatusCode> = {
  member_not_found: 404,
  invalid: 422,
  no_subscription: 409,
  nothing_to_refund: 409,
  already_refunded: 409,
  in_progress: 409,
  stripe_refused: 409,
};

function answerAction(c: Context<AppEnv>, result: MemberActionResult): Response {
  if (!result.done) throw new ApiError(refusalStatus[result.reason], result.reason, result.message);
  const { action } = result;
  return answer(c, {
    json: {
      done: true,
      repeated: result.repeated,
      message: result.message,
      action: { id: action.id, kind: action.kind, actor: action.actor, at: action.createdAt },
    },
    redirect: pagePath(`/admin/members/${encodeURIComponent(action.userId)}#actions`, { notice: result.message }),
  });
}
