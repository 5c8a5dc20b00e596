import {
  cancelEnrollmentWindow,
  createEnrollmentWindow,
  getEnrollmentWindow,
  listEnrollmentWindows,
  updateEnrollmentWindow,
  WindowOverlapError,
} from "@academy/db/queries/enrollment";
import { listWaitlistForExport } from "@academy/db/queries/waitlist";
import { parseWindowInput, type WindowInput } from "@academy/doors";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { isFormPost, readBody } from "../http/body.ts";
import type { AppEnv } from "../http/context.ts";
import { ApiError, FormRedirect } from "../http/errors.ts";
import { requireAdmin } from "../http/session.ts";

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
  .post("/windows", async (c) => saveWindow(c, undefined))
  .post("/windows/:id", async (c) => saveWindow(c, c.req.param("id")))
  .post("/windows/:id/cancel", async (c) => {
    const { database, clock } = c.get("services");
    const cancelled = await cancelEnrollmentWindow(database.db, c.req.param("id"), clock.now());
    if (!cancelled) throw new ApiError(404, "window_not_found", "That window does not exist or is already cancelled.");
    if (isFormPost(c)) return c.redirect("/admin?notice=Window+cancelled", 303);
    return c.json({ window: cancelled });
  })
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
  const form = isFormPost(c);
  const back = id ? `/admin/windows/${id}` : "/admin/windows/new";
  const input = await readBody(c, windowSchema).catch((error: unknown) => {
    if (form && error instanceof ApiError) throw new FormRedirect(`${back}?error=${encodeURIComponent(error.message)}`);
    throw error;
  });
  const { database } = c.get("services");
  if (id && !(await getEnrollmentWindow(database.db, id))) {
    throw new ApiError(404, "window_not_found", "That window does not exist.");
  }
  const existing = await listEnrollmentWindows(database.db);
  const parsed = parseWindowInput(input as WindowInput, existing, id);
  if (!parsed.ok) {
    const message = Object.values(parsed.errors)[0] ?? "Check the dates.";
    if (form) throw new FormRedirect(`${back}?error=${encodeURIComponent(message)}`);
    throw new ApiError(422, "invalid_window", message, {}, parsed.errors);
  }
  try {
    const saved = id
      ? await updateEnrollmentWindow(database.db, id, parsed.window)
      : await createEnrollmentWindow(database.db, parsed.window);
    if (form) return c.redirect(`/admin?notice=${encodeURIComponent(`Saved "${parsed.window.name}".`)}`, 303);
    return c.json({ window: saved }, id ? 200 : 201);
  } catch (error) {
    if (!(error instanceof WindowOverlapError)) throw error;
    if (form) throw new FormRedirect(`${back}?error=${encodeURIComponent(error.message)}`);
    throw new ApiError(409, "window_overlap", error.message);
  }
}

/** A CSV cell, quoted when needed; a leading =, +, - or @ is defused so spreadsheets never run it. */
function csvCell(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
