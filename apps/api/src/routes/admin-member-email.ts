import { correctMemberEmail, EMAIL_TAKEN_MESSAGE } from "@academy/platform/account";
import { Hono } from "hono";
import { z } from "zod";
import { answer, type FormBack, formErrorsTo, pagePath } from "../http/answer.ts";
import { readBody } from "../http/body.ts";
import type { AppEnv } from "../http/context.ts";
import { ApiError } from "../http/errors.ts";
import { emailField } from "../http/fields.ts";
import { requireAdmin } from "../http/session.ts";

const correctionSchema = z.object({ email: emailField });

/** A failed correction goes back to the member's page, at her address, with the message. */
const backToMemberEmail: FormBack = (error, _fields, params) =>
  pagePath(`/admin/members/${encodeURIComponent(params.userId ?? "")}#email`, { error: error.message });

/**
 * `POST /api/admin/members/:userId/email` (field `email`): the coach corrects a member's address, at once.
 * Her account, her waitlist entry and her Stripe customers take it, and the old address is told. JSON: 200
 * `{ changed, email, previousEmail? }`; 404 member_not_found, 409 email_taken, 422 for a malformed address.
 * A form goes back to the member's page (#email) with a notice or the error.
 */
export const adminMemberEmailRoutes = new Hono<AppEnv>().post(
  "/:userId/email",
  formErrorsTo(backToMemberEmail),
  async (c) => {
    requireAdmin(c);
    const userId = c.req.param("userId");
    const input = await readBody(c, correctionSchema);
    const result = await correctMemberEmail(c.get("services"), { userId, email: input.email });
    const page = `/admin/members/${encodeURIComponent(userId)}#email`;
    switch (result.status) {
      case "changed":
        return answer(c, {
          json: { changed: true, email: result.email, previousEmail: result.previousEmail },
          redirect: pagePath(page, { notice: `Her address is now ${result.email}. We told ${result.previousEmail}.` }),
        });
      case "unchanged":
        return answer(c, {
          json: { changed: false, email: result.email },
          redirect: pagePath(page, { notice: `Her address is ${result.email} already.` }),
        });
      case "taken":
        throw new ApiError(409, "email_taken", EMAIL_TAKEN_MESSAGE);
      default:
        throw new ApiError(404, "member_not_found", "There is no member with that id.");
    }
  },
);
