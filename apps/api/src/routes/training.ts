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
import { loadMembership } from "@academy/platform/billing";
import { safeReturnPath } from "@academy/platform/return-path";
import {
  CALENDAR_LINK_COOKIE,
  calendarLinkCookieOptions,
  loadMemberContext,
  resolveProfileSettings,
  sealCalendarLink,
} from "@academy/platform/training";
import {
  buildSchedule,
  exportScheduleToICalendar,
  memberProfileSchema,
  parseRaceTime,
  toIsoDate,
  validateSessionLog,
} from "@academy/programming";
import { type Context, Hono } from "hono";
import { setCookie } from "hono/cookie";
import { z } from "zod";
import { answer, type FormFields, formErrorsTo, isFormPost } from "../http/answer.ts";
import { readBody, ValidationError } from "../http/body.ts";
import type { AppEnv } from "../http/context.ts";
import { ApiError } from "../http/errors.ts";
import { returnToField } from "../http/fields.ts";
import { requireUser } from "../http/session.ts";

/** Form fields that stay text when a form's dotted fields are nested (the rest become numbers where they are). */
const TEXT_FIELDS = new Set([
  "type",
  "sessionId",
  "date",
  "exerciseId",
  "variation",
  "submissionId",
  "returnTo",
  "startDate",
  "experience",
  "planSlug",
  "raceDate",
  "recentRaceTime",
]);

/** Her plan settings, as JSON or from the settings form (see readProfileForm). */
const profileSchema = z.preprocess(
  (value) => (typeof value === "object" && value !== null ? readProfileForm(value) : value),
  memberProfileSchema.extend({ planSlug: z.string().min(1).max(80), returnTo: returnToField }).strict(),
);

/**
 * The settings form as the profile: one checked day comes as a single value, so it is made a list; an optional field
 * left blank is no answer; her recent race comes as a distance and the time she typed ("55:00", "1:58:30").
 */
function readProfileForm(value: object): Record<string, unknown> {
  const { recentRaceKm, recentRaceTime, ...rest } = value as Record<string, unknown>;
  const fields = Object.fromEntries(Object.entries(rest).filter(([, field]) => field !== ""));
  if (typeof fields.availableDays === "string") fields.availableDays = [fields.availableDays];
  const raceKm = recentRaceKm === "" ? undefined : recentRaceKm;
  const raceTime = recentRaceTime === "" ? undefined : recentRaceTime;
  if (raceKm !== undefined || raceTime !== undefined) {
    fields.recentRace = {
      distanceKm: raceKm,
      timeSeconds: typeof raceTime === "string" ? (parseRaceTime(raceTime) ?? Number.NaN) : raceTime,
    };
  }
  return fields;
}

/** Blank fields dropped at every depth: a set's effort left empty is no answer, not a wrong one. */
function dropBlankFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropBlankFields);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, field]) => field !== "")
      .map(([name, field]) => [name, dropBlankFields(field)]),
  );
}

/**
 * A log as posted: the form's submission id and where it goes next, beside the log itself (checked against her
 * plan by `validateSessionLog`). An optional field left blank (a form's distance, a set's effort) is no answer, not a
 * wrong one.
 */
const logSchema = z.preprocess(
  dropBlankFields,
  z.looseObject({
    submissionId: z.string({ error: "The form is missing its submission id; reload the page." }).min(8).max(64),
    returnTo: returnToField,
  }),
);

/** What a person fixes in the plan set-up form, by field. */
const PROFILE_FIELD_MESSAGES: Record<string, string> = {
  planSlug: "Choose a plan.",
  startDate: "Enter the day your plan starts.",
  availableDays: "Choose 2 to 6 days you can train.",
  currentWeeklyRunningMinutes: "Enter how many minutes you run in a typical week (0 is fine).",
  experience: "Choose how much running you have done.",
  raceDate: "Enter your race day as a date, or leave it empty.",
  maxHeartRate: "Enter your maximum heart rate as a whole number of beats per minute (120–230), or leave it empty.",
};

const SESSION_ID = /^[a-z0-9-]{1,80}$/;

/**
 * A training form that goes wrong goes back to the page it came from (`returnTo`), with the message in a parameter
 * of its own for the page to show by that form, and the fragment that scrolls to it.
 */
function backToForm(fields: FormFields, params: Record<string, string | undefined>, fragment: string): string {
  const back = new URL(safeReturnPath(fields.returnTo, "/dashboard"), "http://x");
  back.searchParams.delete("logged");
  for (const [name, value] of Object.entries(params)) if (value !== undefined) back.searchParams.set(name, value);
  return `${back.pathname}${back.search}#${fragment}`;
}

/** The plan form says what to fix in its own words, field by field. */
function describePlanMistake(error: ApiError): string {
  if (!(error instanceof ValidationError)) return error.message;
  const field = Object.keys(error.fields ?? {})[0] ?? "";
  return PROFILE_FIELD_MESSAGES[field] ?? error.message;
}

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
  .post(
    "/profile",
    formErrorsTo((error, fields) => backToForm(fields, { plan_error: describePlanMistake(error) }, "plan-error")),
    async (c) => {
      const user = await requireMember(c);
      const { returnTo, ...profile } = await readBody(c, profileSchema, { nestedForm: TEXT_FIELDS });
      const { database, plans, clock } = c.get("services");
      const { planSlug, ...settings } = profile;
      const plan = plans.get(planSlug);
      if (!plan) {
        throw new ApiError(422, "unknown_plan", `There is no plan called "${planSlug}".`);
      }
      const resolved = resolveProfileSettings(plan, settings, toIsoDate(clock.now()));
      if ("problem" in resolved) {
        throw new ValidationError(resolved.problem.message, { [resolved.problem.field]: resolved.problem.message });
      }
      await saveMemberProfile(database.db, { userId: user.id, planSlug, ...resolved.profile });
      return answer(c, { json: { saved: true }, redirect: safeReturnPath(returnTo, "/dashboard") });
    },
  )
  .post(
    "/logs",
    formErrorsTo((error, fields) =>
      backToForm(
        fields,
        {
          log_error: error.message,
          log_session: SESSION_ID.test(fields.sessionId ?? "") ? fields.sessionId : undefined,
        },
        "log-error",
      ),
    ),
    async (c) => {
      const user = await requireMember(c);
      const { submissionId, returnTo, ...input } = await readBody(c, logSchema, { nestedForm: TEXT_FIELDS });
      const { database, plans } = c.get("services");
      const profile = await getMemberProfile(database.db, user.id);
      const checked = validateSessionLog(profile ? plans.get(profile.planSlug) : undefined, input);
      if (!checked.ok) {
        const { code, path, message } = checked.issue;
        throw new ApiError(422, code, message, {}, { [path]: message });
      }
      const { log } = checked;
      const { created } = await recordSessionLog(database.db, {
        userId: user.id,
        submissionId,
        sessionId: log.sessionId ?? null,
        date: log.date,
        entry: log,
      });
      return answer(c, {
        json: { logged: true, duplicate: !created },
        status: created ? 201 : 200,
        redirect: `${safeReturnPath(returnTo, "/dashboard")}#logged`,
      });
    },
  )
  .post("/lessons/:slug/complete", async (c) => {
    const user = await requireMember(c);
    const slug = c.req.param("slug");
    if (!/^[a-z0-9-]{1,80}$/.test(slug)) throw new ApiError(404, "lesson_not_found", "There is no such lesson.");
    // The lesson page's form says undo and where to go back to; an API client posts nothing.
    const body = isFormPost(c) ? await c.req.parseBody() : {};
    const { database } = c.get("services");
    if (body.undo === "1") await uncompleteLesson(database.db, user.id, slug);
    else await completeLesson(database.db, user.id, slug);
    return answer(c, { json: { completed: body.undo !== "1" }, redirect: safeReturnPath(body.returnTo, "/dashboard") });
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
    // The dashboard shows it once from a short-lived cookie: a secret in the page address stays in her history.
    if (isFormPost(c)) {
      const { appSecret, clock, sessionCookie } = c.get("services");
      setCookie(
        c,
        CALENDAR_LINK_COOKIE,
        sealCalendarLink(appSecret, url, clock.now()),
        calendarLinkCookieOptions(sessionCookie.secure),
      );
    }
    return answer(c, { json: { url }, redirect: "/dashboard#calendar" });
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
    // Her plan's own title (content/plans), so the calendar reads like the plan she follows.
    calendarName: context.plan.title,
  });
  return c.body(ics, 200, {
    "content-type": "text/calendar; charset=utf-8",
    "cache-control": "private, max-age=300",
  });
});
