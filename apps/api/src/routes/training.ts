import { generateRandomString, hashSecret } from "@academy/auth";
import {
  completeLesson,
  findProfileByCalendarTokenHash,
  getMemberProfile,
  recordSessionLog,
  saveMemberProfile,
  setCalendarTokenHash,
  uncompleteLesson,
} from "@academy/db/queries/training";
import { buildSchedule, exportScheduleToICalendar, memberProfileSchema, sessionLogSchema } from "@academy/programming";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { loadMembership } from "../billing/membership-store.ts";
import { isFormPost, readBody } from "../http/body.ts";
import type { AppEnv } from "../http/context.ts";
import { ApiError } from "../http/errors.ts";
import { safeReturnPath } from "../http/redirect.ts";
import { requireUser } from "../http/session.ts";
import { loadMemberContext } from "../training/member-context.ts";

const TEXT_FIELDS = new Set([
  "type",
  "sessionId",
  "date",
  "exerciseId",
  "submissionId",
  "returnTo",
  "startDate",
  "experience",
  "planSlug",
]);

const profileSchema = memberProfileSchema.extend({ planSlug: z.string().min(1).max(80) }).strict();
const logSchema = z.intersection(
  z.object({
    submissionId: z.string({ error: "The form is missing its submission id; reload the page." }).min(8).max(64),
    returnTo: z.string().max(2000).optional(),
  }),
  z.unknown(),
);

/** Member-only: she must be signed in and have a membership that opens content. */
async function requireMember(c: Context<AppEnv>) {
  const { user } = requireUser(c);
  const { database, clock } = c.get("services");
  const membership = await loadMembership(database.db, user.id, clock.now());
  if (!membership.member) {
    throw new ApiError(403, "members_only", "This is for members. Enroll when doors open to get your plan.");
  }
  return user;
}

/** Her plan set-up, her logs, her lesson progress and her calendar feed. */
export const trainingRoutes = new Hono<AppEnv>()
  .post("/profile", async (c) => {
    const user = await requireMember(c);
    const input = await readBody(c, profileSchema.extend({ returnTo: z.string().optional() }).strict(), {
      nestedForm: TEXT_FIELDS,
    });
    const { database, plans } = c.get("services");
    if (!plans.has(input.planSlug))
      throw new ApiError(422, "unknown_plan", `There is no plan called "${input.planSlug}".`);
    const { returnTo, ...profile } = input;
    await saveMemberProfile(database.db, { userId: user.id, ...profile });
    if (isFormPost(c)) return c.redirect(safeReturnPath(returnTo ?? "/dashboard"), 303);
    return c.json({ saved: true });
  })
  .post("/logs", async (c) => {
    const user = await requireMember(c);
    const raw = await readBody(c, logSchema, { nestedForm: TEXT_FIELDS });
    const { submissionId, returnTo, ...rest } = raw as { submissionId: string; returnTo?: string } & Record<
      string,
      unknown
    >;
    const parsed = sessionLogSchema.safeParse(rest);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.join(".") || "log";
      throw new ApiError(422, "invalid_log", `Check ${where}: ${issue?.message ?? "it is not valid"}.`);
    }
    const { database, plans } = c.get("services");
    const profile = await getMemberProfile(database.db, user.id);
    const plan = profile ? plans.get(profile.planSlug) : undefined;
    const sessionId = parsed.data.sessionId ?? null;
    if (
      sessionId &&
      plan &&
      !plan.phases.some((phase) =>
        phase.weeks.some((week) => week.sessions.some((session) => session.id === sessionId)),
      )
    ) {
      throw new ApiError(422, "unknown_session", `Session "${sessionId}" is not in your plan.`);
    }
    const { created } = await recordSessionLog(database.db, {
      userId: user.id,
      submissionId,
      sessionId,
      date: parsed.data.date,
      entry: parsed.data as unknown as Record<string, unknown>,
    });
    if (isFormPost(c)) return c.redirect(`${safeReturnPath(returnTo ?? "/dashboard")}#logged`, 303);
    return c.json({ logged: true, duplicate: !created }, created ? 201 : 200);
  })
  .post("/lessons/:slug/complete", async (c) => {
    const user = await requireMember(c);
    const slug = c.req.param("slug");
    if (!/^[a-z0-9-]{1,80}$/.test(slug)) throw new ApiError(404, "lesson_not_found", "There is no such lesson.");
    const body = isFormPost(c) ? await c.req.parseBody() : {};
    const { database } = c.get("services");
    if (body.undo === "1") await uncompleteLesson(database.db, user.id, slug);
    else await completeLesson(database.db, user.id, slug);
    if (isFormPost(c)) return c.redirect(safeReturnPath(body.returnTo ?? "/dashboard"), 303);
    return c.json({ completed: body.undo !== "1" });
  })
  .post("/calendar/reset", async (c) => {
    const user = await requireMember(c);
    const { database, siteUrl } = c.get("services");
    if (!(await getMemberProfile(database.db, user.id))) {
      throw new ApiError(409, "no_plan", "Set up your plan first: your calendar shows its sessions.");
    }
    const token = generateRandomString(24);
    await setCalendarTokenHash(database.db, user.id, hashSecret(token));
    const url = `${siteUrl}/api/calendar/${token}.ics`;
    if (isFormPost(c)) return c.redirect(`/dashboard?calendar=${encodeURIComponent(url)}#calendar`, 303);
    return c.json({ url });
  });

/** `GET /api/calendar/<secret>.ics`: her plan as an iCal feed; the secret in the URL is the key. */
export const calendarRoutes = new Hono<AppEnv>().get("/:file", async (c) => {
  const token = c.req.param("file").replace(/\.ics$/, "");
  const { database, clock, plans } = c.get("services");
  const profile = /^[a-z2-7]{20,80}$/.test(token)
    ? await findProfileByCalendarTokenHash(database.db, hashSecret(token))
    : undefined;
  if (!profile)
    throw new ApiError(
      404,
      "calendar_not_found",
      "This calendar link is not valid any more. Copy the new one from your dashboard.",
    );
  const now = clock.now();
  const membership = await loadMembership(database.db, profile.userId, now);
  if (!membership.member) throw new ApiError(404, "calendar_not_found", "This calendar is only available to members.");
  const context = await loadMemberContext(database.db, plans, profile.userId, now);
  if (!context) throw new ApiError(404, "calendar_not_found", "This plan no longer exists.");
  const ics = exportScheduleToICalendar(buildSchedule(context, { upcomingWeeks: 12 }), {
    memberId: profile.userId,
    now,
    calendarName: "Strong Stride training plan",
  });
  return c.body(ics, 200, {
    "content-type": "text/calendar; charset=utf-8",
    "cache-control": "private, max-age=300",
  });
});
