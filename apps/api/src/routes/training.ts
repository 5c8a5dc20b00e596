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
import { loadMemberContext } from "@academy/platform/training";
import {
  buildSchedule,
  exportScheduleToICalendar,
  memberProfileSchema,
  type Plan,
  sessionLogSchema,
} from "@academy/programming";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { isFormPost, readBody, ValidationError } from "../http/body.ts";
import type { AppEnv } from "../http/context.ts";
import { ApiError, FormRedirect } from "../http/errors.ts";
import { safeReturnPath } from "../http/redirect.ts";
import { requireUser } from "../http/session.ts";

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

/** What a person fixes in the plan set-up form, by field. */
const PROFILE_FIELD_MESSAGES: Record<string, string> = {
  planSlug: "Choose a plan.",
  startDate: "Enter the day your plan starts.",
  availableDays: "Choose 2 to 6 days you can train.",
  currentWeeklyRunningMinutes: "Enter how many minutes you run in a typical week (0 is fine).",
  experience: "Choose how much running you have done.",
};

const LOG_FIELD_NAMES: Record<string, string> = {
  reps: "reps",
  loadKg: "load (kg)",
  rir: "reps in reserve",
  minutes: "minutes",
  durationMinutes: "minutes",
  distanceKm: "distance (km)",
  rpe: "effort (RPE)",
  date: "date",
};

/**
 * A plain HTML form cannot show a JSON error: a form post that goes wrong is sent back (303) to the page it
 * came from (`returnTo`), with the message in `param` for the page to show by the form. JSON callers get the
 * error itself.
 */
async function sendFormBack(c: Context<AppEnv>, error: unknown, param: "log_error" | "plan_error"): Promise<never> {
  if (!isFormPost(c) || !(error instanceof ApiError)) throw error;
  const body = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const back = new URL(safeReturnPath(typeof body.returnTo === "string" ? body.returnTo : "/dashboard"), "http://x");
  back.searchParams.delete("logged");
  back.searchParams.set(param, error.message);
  if (param === "log_error" && typeof body.sessionId === "string" && /^[a-z0-9-]{1,80}$/.test(body.sessionId)) {
    back.searchParams.set("log_session", body.sessionId);
  }
  throw new FormRedirect(`${back.pathname}${back.search}#${param === "log_error" ? "log-error" : "plan-error"}`);
}

/** `exercises.0.sets.1.loadKg` → `the load (kg) of set 2 of Dumbbell split squat`, with the plan's names. */
function describeLogField(path: readonly PropertyKey[], input: Record<string, unknown>, plan: Plan | undefined) {
  const field = LOG_FIELD_NAMES[String(path.at(-1))] ?? path.join(".");
  if (path[0] !== "exercises" || typeof path[1] !== "number") return field;
  const exerciseId = (Array.isArray(input.exercises) ? input.exercises[path[1]] : undefined)?.exerciseId;
  const name =
    plan?.phases
      .flatMap((phase) => phase.weeks.flatMap((week) => week.sessions))
      .flatMap((session) => (session.type === "strength" ? session.exercises : []))
      .find((exercise) => exercise.id === exerciseId)?.name ?? `exercise ${path[1] + 1}`;
  return path[2] === "sets" && typeof path[3] === "number" ? `the ${field} of set ${path[3] + 1} of ${name}` : name;
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
  .post("/profile", async (c) => {
    try {
      const user = await requireMember(c);
      const input = await readProfile(c);
      const { database, plans } = c.get("services");
      if (!plans.has(input.planSlug))
        throw new ApiError(422, "unknown_plan", `There is no plan called "${input.planSlug}".`);
      const { returnTo, ...profile } = input;
      await saveMemberProfile(database.db, { userId: user.id, ...profile });
      if (isFormPost(c)) return c.redirect(safeReturnPath(returnTo ?? "/dashboard"), 303);
      return c.json({ saved: true });
    } catch (error) {
      return sendFormBack(c, error, "plan_error");
    }
  })
  .post("/logs", async (c) => {
    try {
      return await recordLog(c);
    } catch (error) {
      return sendFormBack(c, error, "log_error");
    }
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

/** The plan set-up form or JSON. A form sends one checked day as a single value, so it is made a list. */
async function readProfile(c: Context<AppEnv>) {
  const schema = profileSchema.extend({ returnTo: z.string().optional() }).strict();
  const formSchema = z.preprocess((value) => {
    if (typeof value !== "object" || value === null) return value;
    const days = (value as { availableDays?: unknown }).availableDays;
    return typeof days === "string" ? { ...value, availableDays: [days] } : value;
  }, schema);
  try {
    return await readBody(c, formSchema, { nestedForm: TEXT_FIELDS });
  } catch (error) {
    if (!(error instanceof ValidationError) || !isFormPost(c)) throw error;
    const field = Object.keys(error.fields ?? {})[0] ?? "";
    throw new ValidationError(PROFILE_FIELD_MESSAGES[field] ?? error.message, error.fields ?? {});
  }
}

async function recordLog(c: Context<AppEnv>) {
  const user = await requireMember(c);
  const raw = await readBody(c, logSchema, { nestedForm: TEXT_FIELDS });
  const { submissionId, returnTo, ...fields } = raw as { submissionId: string; returnTo?: string } & Record<
    string,
    unknown
  >;
  // A form sends an optional field left blank (distance) as "": that is no answer, not a wrong one.
  const rest = isFormPost(c) ? Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== "")) : fields;
  const { database, plans } = c.get("services");
  const profile = await getMemberProfile(database.db, user.id);
  const plan = profile ? plans.get(profile.planSlug) : undefined;
  const parsed = sessionLogSchema.safeParse(rest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? describeLogField(issue.path, rest, plan) : "log";
    throw new ApiError(422, "invalid_log", `Check ${where}: ${describeLogIssue(issue)}.`);
  }
  const sessionId = parsed.data.sessionId ?? null;
  if (
    sessionId &&
    plan &&
    !plan.phases.some((phase) => phase.weeks.some((week) => week.sessions.some((session) => session.id === sessionId)))
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
}

/** Zod's wording, said the way a person filling in the form would: "enter a number", "at least 0". */
function describeLogIssue(issue: z.core.$ZodIssue | undefined): string {
  if (issue === undefined) return "it is not valid";
  if (issue.code === "invalid_type" && issue.expected === "number") return "enter a number";
  if (issue.code === "too_small") return `enter at least ${String(issue.minimum)}`;
  if (issue.code === "too_big") return `enter at most ${String(issue.maximum)}`;
  return issue.message;
}

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
