import {
  cancelEnrollmentWindow,
  createEnrollmentWindow,
  getEnrollmentWindow,
  listEnrollmentWindows,
  updateEnrollmentWindow,
  WindowOverlapError,
} from "@academy/db/queries/enrollment";
import { listLaunchEmails } from "@academy/db/queries/launch";
import { listWaitlistForExport } from "@academy/db/queries/waitlist";
import { parseWindowInput, type WindowInput } from "@academy/doors";
import { loadWindowFunnelFor } from "@academy/platform/admin";
import {
  cancelLaunch,
  defaultSendAt,
  followWindowDates,
  LAUNCH_EMAIL_KINDS,
  type LaunchEmailKind,
  launchProgress,
  previewLaunch,
  renderLaunchFor,
  scheduleLaunch,
  sendLaunchNow,
} from "@academy/platform/launch";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { answer, type FormBack, type FormFields, formErrorsTo, pagePath } from "../http/answer.ts";
import { readBody } from "../http/body.ts";
import type { AppEnv } from "../http/context.ts";
import { ApiError } from "../http/errors.ts";
import { requireAdmin } from "../http/session.ts";
import { adminAudienceRoutes } from "./admin-audience.ts";
import { adminMemberEmailRoutes } from "./admin-member-email.ts";
import { adminMemberRoutes } from "./admin-members.ts";

const previewQuerySchema = z.object({
  to: z
    .string()
    .regex(/^wl_[A-Za-z0-9]{1,64}$/, { error: "Pick a recipient from the list (her waitlist id, like wl_…)." })
    .optional(),
  format: z.enum(["html", "text"], { error: "Choose html or text." }).default("html"),
});

const windowSchema = z.object({
  name: z.string({ error: "Give the window a name." }).max(200),
  priorityOpensAt: z.string({ error: "Enter when the waitlist's priority access opens." }).max(40),
  publicOpensAt: z.string({ error: "Enter when doors open to everyone." }).max(40),
  closesAt: z.string({ error: "Enter when doors close." }).max(40),
  timeZone: z.string({ error: "Choose your time zone." }).max(80),
  capacity: z
    .union([z.number(), z.string()])
    .optional()
    .transform((value) => (value === undefined || value === "" ? null : Number(value))),
});

/** The coach's tools: enrollment windows and the waitlist export. Every route requires the admin. */
export const adminRoutes = new Hono<AppEnv>()
  .use(async (c, next) => {
    requireAdmin(c);
    await next();
  })
  .get("/windows", async (c) => {
    const windows = await listEnrollmentWindows(c.get("services").database.db);
    return c.json({ windows });
  })
  .post("/windows", formErrorsTo(backToWindowForm), async (c) => saveWindow(c, undefined))
  .post("/windows/:id", formErrorsTo(backToWindowForm), async (c) => saveWindow(c, c.req.param("id")))
  .post("/windows/:id/cancel", formErrorsTo(backToWindow("")), async (c) => {
    const { database, clock } = c.get("services");
    const cancelled = await cancelEnrollmentWindow(database.db, c.req.param("id"), clock.now());
    if (!cancelled) throw new ApiError(404, "window_not_found", "That window does not exist or is already cancelled.");
    c.get("services").currentWindow.forget();
    for (const kind of LAUNCH_EMAIL_KINDS) await cancelLaunch(c.get("services"), cancelled.id, kind);
    return answer(c, { json: { window: cancelled }, redirect: "/admin?notice=Window+cancelled" });
  })
  .get("/windows/:id/launches", async (c) => {
    const window = await findWindow(c);
    const { database, jobs } = c.get("services");
    const saved = await listLaunchEmails(database.db, window.id);
    const launches = await Promise.all(
      LAUNCH_EMAIL_KINDS.map(async (kind) => {
        const row = saved.find((launch) => launch.kind === kind);
        const campaign = await launchProgress(jobs, window.id, kind);
        return {
          kind,
          status: row?.status ?? "not-scheduled",
          sendAt: row?.sendAt ?? defaultSendAt(window, kind),
          progress: campaign ? { recipients: campaign.recipients, sent: campaign.sent, failed: campaign.failed } : null,
        };
      }),
    );
    return c.json({ launches });
  })
  .get("/windows/:id/funnel", async (c) => {
    const window = await findWindow(c);
    const funnel = await loadWindowFunnelFor(c.get("services"), window.id);
    return c.json({ funnel });
  })
  .get("/windows/:id/launches/:kind/preview", async (c) => {
    const window = await findWindow(c);
    const { user } = requireAdmin(c);
    const query = previewQuerySchema.safeParse(c.req.query());
    if (!query.success) {
      throw new ApiError(400, "invalid_preview", query.error.issues[0]?.message ?? "Pick a recipient from the list.");
    }
    const preview = await previewLaunch(c.get("services"), window, launchKind(c), {
      entryId: query.data.to,
      coachEmail: user.email,
    });
    if ("notARecipient" in preview) {
      throw new ApiError(
        404,
        "not_a_recipient",
        "That person is not among the people this email goes to (she may have unsubscribed or enrolled): pick someone from the list.",
      );
    }
    // Exactly what she gets, and nothing of this site around it: no scripts, no requests out.
    c.header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    if (query.data.format === "text") return c.text(preview.message.text);
    return c.html(preview.message.html);
  })
  .post("/windows/:id/launches/:kind/test", formErrorsTo(backToWindow("#launch")), async (c) => {
    const window = await findWindow(c);
    const { user } = requireAdmin(c);
    const services = c.get("services");
    const kind = launchKind(c);
    const message = renderLaunchFor(services, window, kind, { entryId: "wl_test", email: user.email, firstName: null });
    await services.mailer.send({ ...message, subject: `[Test] ${message.subject}` });
    return answer(c, {
      json: { sent: true, to: user.email },
      redirect: pagePath(`/admin/windows/${window.id}#launch`, { notice: `Test sent to ${user.email}.` }),
    });
  })
  .post("/windows/:id/launches/:kind", formErrorsTo(backToWindow("#launch")), async (c) => {
    const window = await findWindow(c);
    if (window.cancelledAt)
      throw new ApiError(409, "window_cancelled", "This window is cancelled: nothing to announce.");
    const kind = launchKind(c);
    const services = c.get("services");
    const sendAt = defaultSendAt(window, kind);
    if (sendAt < services.clock.now()) {
      throw new ApiError(409, "send_time_passed", "That moment has passed: this email can no longer be scheduled.");
    }
    await scheduleLaunch(services, window, kind, sendAt);
    return answer(c, {
      json: { scheduled: true, kind, sendAt },
      redirect: `/admin/windows/${window.id}?notice=Scheduled.#launch`,
    });
  })
  .post("/windows/:id/launches/:kind/send-now", formErrorsTo(backToWindow("#launch")), async (c) => {
    const window = await findWindow(c);
    if (window.cancelledAt)
      throw new ApiError(409, "window_cancelled", "This window is cancelled: nothing to announce.");
    const result = await sendLaunchNow(c.get("services"), window, launchKind(c));
    if ("alreadySent" in result) throw new ApiError(409, "already_sent", "This email has already gone out.");
    return answer(c, {
      json: { sending: true, recipients: result.recipients },
      redirect: pagePath(`/admin/windows/${window.id}#launch`, {
        notice: `Sending now to ${result.recipients.toLocaleString("en-GB")} ${result.recipients === 1 ? "person" : "people"}.`,
      }),
    });
  })
  .post("/windows/:id/launches/:kind/cancel", formErrorsTo(backToWindow("#launch")), async (c) => {
    const window = await findWindow(c);
    const cancelled = await cancelLaunch(c.get("services"), window.id, launchKind(c));
    if (!cancelled)
      throw new ApiError(409, "not_scheduled", "This email is not scheduled, so there is nothing to cancel.");
    return answer(c, { json: { cancelled: true }, redirect: `/admin/windows/${window.id}?notice=Cancelled.#launch` });
  })
  .route("/audience", adminAudienceRoutes)
  .route("/members", adminMemberRoutes)
  .route("/members", adminMemberEmailRoutes)
  .get("/waitlist.csv", async (c) => {
    const rows = await listWaitlistForExport(c.get("services").database.db);
    const lines = [
      "email,first_name,source,joined_at,unsubscribed_at",
      ...rows.map((row) =>
        [
          row.email,
          row.firstName ?? "",
          row.source ?? "",
          row.createdAt.toISOString(),
          row.unsubscribedAt?.toISOString() ?? "",
        ]
          .map(csvCell)
          .join(","),
      ),
    ];
    c.header("content-type", "text/csv; charset=utf-8");
    c.header("content-disposition", 'attachment; filename="waitlist.csv"');
    c.header("cache-control", "no-store");
    return c.body(`${lines.join("\r\n")}\r\n`);
  });

async function saveWindow(c: Context<AppEnv>, id: string | undefined) {
  const input = await readBody(c, windowSchema);
  const { database } = c.get("services");
  if (id && !(await getEnrollmentWindow(database.db, id))) {
    throw new ApiError(404, "window_not_found", "That window does not exist.");
  }
  const existing = await listEnrollmentWindows(database.db);
  const parsed = parseWindowInput(input as WindowInput, existing, id);
  if (!parsed.ok) {
    const message = Object.values(parsed.errors)[0] ?? "Check the dates.";
    throw new ApiError(422, "invalid_window", message, {}, parsed.errors);
  }
  try {
    const saved = id
      ? await updateEnrollmentWindow(database.db, id, parsed.window)
      : await createEnrollmentWindow(database.db, parsed.window);
    if (!saved) throw new ApiError(404, "window_not_found", "That window does not exist.");
    c.get("services").currentWindow.forget();
    const launches = await followWindowDates(c.get("services"), saved);
    const waiting = launches.awaitingDecision.length;
    const notice =
      waiting === 0
        ? `Saved "${parsed.window.name}".`
        : `Saved. The moment of ${waiting === 1 ? "one launch email has" : `${waiting} launch emails have`} passed: send now or skip, below.`;
    return answer(c, {
      json: { window: saved, launches },
      status: id ? 200 : 201,
      redirect: pagePath(`/admin/windows/${saved.id}${waiting === 0 ? "" : "#launch"}`, { notice }),
    });
  } catch (error) {
    if (!(error instanceof WindowOverlapError)) throw error;
    throw new ApiError(409, "window_overlap", error.message);
  }
}

/** The window form's fields that a failed save echoes back, so she finds what she typed. */
const WINDOW_FORM_FIELDS = ["name", "timeZone", "priorityOpensAt", "publicOpensAt", "closesAt", "capacity"] as const;

/**
 * A window form that cannot be saved goes back to the form it came from (new, or the window's page) with
 * what she typed, her time zone included, and each message by its field (signed, in `window_form`).
 */
function backToWindowForm(error: ApiError, fields: FormFields, params: Readonly<Record<string, string>>): string {
  const typed = Object.fromEntries(WINDOW_FORM_FIELDS.map((name) => [name, (fields[name] ?? "").slice(0, 200)]));
  const form = JSON.stringify({ values: typed, errors: error.fields ?? {} });
  const page = params.id ? `/admin/windows/${params.id}` : "/admin/windows/new";
  return pagePath(`${page}#window-form`, { error: error.message, window_form: form });
}

/** A failed form about one window goes back to that window's page (at `fragment`), with the message. */
function backToWindow(fragment: string): FormBack {
  return (error, _fields, params) => pagePath(`/admin/windows/${params.id}${fragment}`, { error: error.message });
}

async function findWindow(c: Context<AppEnv>) {
  const window = await getEnrollmentWindow(c.get("services").database.db, c.req.param("id") ?? "");
  if (!window) throw new ApiError(404, "window_not_found", "That window does not exist.");
  return window;
}

function launchKind(c: Context<AppEnv>): LaunchEmailKind {
  const kind = c.req.param("kind");
  if (!LAUNCH_EMAIL_KINDS.includes(kind as LaunchEmailKind)) {
    throw new ApiError(404, "unknown_email", `There is no "${kind}" email; use ${LAUNCH_EMAIL_KINDS.join(", ")}.`);
  }
  return kind as LaunchEmailKind;
}

/** A CSV cell, quoted when needed; a leading =, +, - or @ is defused so spreadsheets never run it. */
function csvCell(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
