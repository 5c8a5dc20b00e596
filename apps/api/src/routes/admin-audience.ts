import {
  AUDIENCE_LISTS,
  changeImportDraft,
  countAudience,
  exportAudienceCsv,
  type ImportPreview,
  isImportDraftId,
  MAX_IMPORT_BYTES,
  previewImport,
  runImport,
  uploadImport,
} from "@academy/platform/audience";
import { type Context, Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { stream } from "hono/streaming";
import { z } from "zod";
import { answer, formErrorsTo, isFormPost, pagePath } from "../http/answer.ts";
import { readBody } from "../http/body.ts";
import type { AppEnv } from "../http/context.ts";
import { ApiError } from "../http/errors.ts";
import { requireAdmin } from "../http/session.ts";

/** Where the import routes are mounted: the app's small default body limit does not apply to them. */
export const AUDIENCE_IMPORT_PATH = "/api/admin/audience/imports";

const MAX_MB = MAX_IMPORT_BYTES / 1024 / 1024;

const importBodyLimit = bodyLimit({
  maxSize: MAX_IMPORT_BYTES,
  onError: () => {
    throw new ApiError(
      413,
      "file_too_large",
      `This file is larger than ${MAX_MB} MB. Split it into smaller files (for example by signup date) and import each one.`,
    );
  },
});

const listField = z.enum(AUDIENCE_LISTS, { error: "Choose the list: newsletter or waitlist." });

const columnName = z.string().trim().max(200, { error: "That column name is too long." });

const mappingSchema = z.object({
  list: listField.optional(),
  email: columnName.optional(),
  firstName: columnName.optional(),
  lastName: columnName.optional(),
  status: columnName.optional(),
});

function mappingFrom(input: z.infer<typeof mappingSchema>) {
  if (!input.email) return undefined;
  return {
    email: input.email,
    firstName: input.firstName || undefined,
    lastName: input.lastName || undefined,
    status: input.status || undefined,
  };
}

function draftPage(id: string, params: Record<string, string | undefined> = {}): string {
  return pagePath(`/admin/audience/imports/${encodeURIComponent(id)}`, params);
}

function refuseMalformed(preview: Extract<ImportPreview, { kind: "malformed" }>): never {
  throw new ApiError(
    422,
    "malformed_csv",
    `${preview.message} Nothing was imported: fix the file (or export it again) and upload it once more.`,
  );
}

/** Reads the uploaded file: a form's `file` field, or a text/csv body (`?list=&fileName=`). */
async function readUpload(c: Context<AppEnv>) {
  const type = c.req.header("content-type") ?? "";
  if (type.startsWith("text/csv")) {
    const list = listField.safeParse(c.req.query("list") ?? "newsletter");
    if (!list.success) throw new ApiError(422, "invalid_input", "Choose the list: newsletter or waitlist.");
    const fileName = (c.req.query("fileName") ?? "upload.csv").slice(0, 200);
    return { csv: await c.req.text(), fileName, list: list.data, mapping: undefined };
  }
  if (!type.startsWith("multipart/form-data")) {
    throw new ApiError(415, "unsupported_media_type", "Upload the file from the form, or send it as text/csv.");
  }
  let body: Record<string, string | File>;
  try {
    body = await c.req.parseBody();
  } catch {
    throw new ApiError(400, "malformed_body", "The upload could not be read. Choose the file again and retry.");
  }
  const file = body.file;
  if (!(file instanceof File) || file.size === 0) {
    throw new ApiError(
      422,
      "invalid_input",
      "Choose a CSV file to import.",
      {},
      { file: "Choose a CSV file to import." },
    );
  }
  const fields = mappingSchema.safeParse(
    Object.fromEntries(Object.entries(body).filter((entry) => typeof entry[1] === "string")),
  );
  if (!fields.success) throw new ApiError(422, "invalid_input", fields.error.issues[0]?.message ?? "Check the form.");
  return {
    csv: await file.text(),
    fileName: file.name.slice(0, 200) || "upload.csv",
    list: fields.data.list ?? "newsletter",
    mapping: mappingFrom(fields.data),
  };
}

/**
 * The coach's audience: counts, import (upload → dry run → import, all or nothing) and export. Mounted under
 * the admin routes: admin only, and the app's cross-site check applies to every POST.
 */
export const adminAudienceRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    requireAdmin(c);
    const { database, clock } = c.get("services");
    return c.json(await countAudience(database.db, clock.now()));
  })
  .get("/export", (c) => {
    requireAdmin(c);
    const { database, clock } = c.get("services");
    const now = clock.now();
    c.header("content-type", "text/csv; charset=utf-8");
    c.header("content-disposition", `attachment; filename="audience-${now.toISOString().slice(0, 10)}.csv"`);
    c.header("cache-control", "no-store");
    return stream(c, async (out) => {
      for await (const chunk of exportAudienceCsv(database.db, now)) await out.write(chunk);
    });
  })
  .post("/imports", importBodyLimit, formErrorsTo("/admin/audience#import"), async (c) => {
    const { user } = requireAdmin(c);
    const upload = await readUpload(c);
    const preview = await uploadImport(c.get("services").database.db, { ...upload, actor: user.email });
    if (preview.kind === "malformed") refuseMalformed(preview);
    return answer(c, { json: preview, status: 201, redirect: draftPage(preview.draftId) });
  })
  .get("/imports/:id", async (c) => {
    requireAdmin(c);
    const preview = await previewImport(c.get("services").database.db, parseDraftId(c));
    if (!preview) throw notFound();
    return c.json(preview);
  })
  .post(
    "/imports/:id",
    formErrorsTo((error, _fields, params) => draftPage(params.id ?? "", { error: error.message })),
    async (c) => {
      requireAdmin(c);
      const input = await readBody(c, mappingSchema);
      const preview = await changeImportDraft(c.get("services").database.db, parseDraftId(c), {
        list: input.list,
        mapping: mappingFrom(input),
      });
      if (!preview) throw notFound();
      if (preview.kind === "malformed") refuseMalformed(preview);
      return answer(c, { json: preview, redirect: draftPage(preview.draftId) });
    },
  )
  .post(
    "/imports/:id/run",
    formErrorsTo((error, _fields, params) => draftPage(params.id ?? "", { error: error.message })),
    async (c) => {
      requireAdmin(c);
      const { database, clock } = c.get("services");
      const id = parseDraftId(c);
      if (isFormPost(c)) await readBody(c, z.object({}));
      const result = await runImport(database.db, id, clock.now());
      if (result.kind === "not_found") throw notFound();
      if (result.kind === "malformed") refuseMalformed(result);
      if (result.kind === "needs_mapping") {
        throw new ApiError(409, "needs_mapping", "Say which column holds the email address before importing.");
      }
      const { counts } = result.preview;
      const notice = result.alreadyImported
        ? "This file was already imported; nothing was imported twice."
        : `Imported: ${counts.new} new, ${counts.updated} updated, ${counts.suppressed} kept as suppressed.`;
      return answer(c, { json: result, redirect: draftPage(id, { notice }) });
    },
  );

function parseDraftId(c: Context<AppEnv>): string {
  const id = c.req.param("id") ?? "";
  if (!isImportDraftId(id)) throw notFound();
  return id;
}

function notFound(): ApiError {
  return new ApiError(404, "import_not_found", "No such upload. Upload the file again from the audience page.");
}
