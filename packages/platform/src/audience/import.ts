/**
 * Bringing the coach's list from her old tool: upload (held as a draft), dry run, then one transaction.
 *
 * A dry run reads the file and compares it with who is here, writing nothing but the draft. The import reads
 * the draft again inside one transaction that locks it: everything is written or nothing is, and a second
 * click, a retry or another instance finds the draft imported and answers its stored result.
 *
 * Imported people are her list's consent: she brought them from a tool where they signed up. Her old tool's
 * unsubscribed, cleaned, bounced and complained rows go on the suppression list, and nobody who left a list
 * here, or is suppressed, is put back on it.
 */
import type { Database } from "@academy/db/client";
import {
  findImportDraft,
  findListStates,
  type ImportDraftRow,
  lockImportDraft,
  saveImportDraft,
  updateImportDraft,
  writeImportedPeople,
} from "@academy/db/queries/audience";
import { insertSuppressions, selectSuppressionReasons } from "@academy/db/queries/suppressions";
import type { AudienceList } from "@academy/db/schema";
import { type ColumnMapping, type ImportService, SERVICE_NAMES } from "./formats.ts";
import { type ImportCounts, planImport } from "./import-outcome.ts";
import { type InvalidRow, readList } from "./import-plan.ts";

/** Whether `id` has the shape of an upload's id (`imp_` and 26 letters and digits), before any lookup. */
export function isImportDraftId(id: string): boolean {
  return /^imp_[0-9a-z]{26}$/.test(id);
}

/** The largest file an import takes (about 100,000 rows of a typical export). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export type ImportPreview =
  | {
      kind: "ready";
      draftId: string;
      fileName: string;
      list: AudienceList;
      service: ImportService;
      serviceName: string;
      columns: string[];
      counts: ImportCounts;
      invalidRows: InvalidRow[];
      /** Set once imported: when, and the counts it wrote. */
      importedAt: Date | null;
    }
  | { kind: "needs_mapping"; draftId: string; fileName: string; list: AudienceList; columns: string[] }
  | { kind: "malformed"; line: number; message: string };

export interface UploadImportInput {
  fileName: string;
  csv: string;
  list: AudienceList;
  mapping?: ColumnMapping | undefined;
  /** The coach's address. */
  actor: string;
}

/**
 * Reads an uploaded file and answers its dry run. A malformed file is refused (its line in the message) and
 * nothing is kept; any other file is kept as a draft for the import.
 */
export async function uploadImport(db: Database, input: UploadImportInput): Promise<ImportPreview> {
  const read = await readList(slices(input.csv), input.mapping);
  if (read.kind === "malformed") return read;
  const draftId = await saveImportDraft(db, {
    fileName: input.fileName,
    csv: input.csv,
    list: input.list,
    mapping: input.mapping ? { ...input.mapping } : null,
    createdBy: input.actor,
  });
  const draft = await findImportDraft(db, draftId);
  if (!draft) throw new Error(`uploadImport: draft ${draftId} vanished`);
  return previewDraft(db, draft);
}

/** The dry run of a draft (again, e.g. after the coach changed its list or its column mapping). */
export async function previewImport(db: Database, draftId: string): Promise<ImportPreview | undefined> {
  const draft = await findImportDraft(db, draftId);
  return draft && previewDraft(db, draft);
}

export async function changeImportDraft(
  db: Database,
  draftId: string,
  changes: { list?: AudienceList | undefined; mapping?: ColumnMapping | undefined },
): Promise<ImportPreview | undefined> {
  const draft = await findImportDraft(db, draftId);
  if (!draft) return undefined;
  if (draft.importedAt === null) {
    await updateImportDraft(db, draftId, {
      ...(changes.list ? { list: changes.list } : {}),
      ...(changes.mapping ? { mapping: { ...changes.mapping } } : {}),
    });
  }
  return previewImport(db, draftId);
}

async function previewDraft(db: Database, draft: ImportDraftRow): Promise<ImportPreview> {
  const evaluated = await evaluate(db, draft);
  if (evaluated.kind !== "ready") return evaluated;
  const stored = draft.result as { counts?: ImportCounts } | null;
  return {
    ...evaluated.preview,
    counts: draft.importedAt && stored?.counts ? stored.counts : evaluated.preview.counts,
    importedAt: draft.importedAt,
  };
}

type Evaluated =
  | { kind: "ready"; preview: Extract<ImportPreview, { kind: "ready" }>; outcome: ReturnType<typeof planImport> }
  | Exclude<ImportPreview, { kind: "ready" }>;

async function evaluate(db: Database, draft: ImportDraftRow): Promise<Evaluated> {
  const mapping = draft.mapping ? (draft.mapping as unknown as ColumnMapping) : undefined;
  const read = await readList(slices(draft.csv), mapping);
  if (read.kind === "malformed") return read;
  if (read.kind === "needs_mapping") {
    return {
      kind: "needs_mapping",
      draftId: draft.id,
      fileName: draft.fileName,
      list: draft.list,
      columns: read.columns,
    };
  }
  const emails = [...read.rows.keys()];
  const [states, suppressed] = await Promise.all([
    findListStates(db, draft.list, emails),
    selectSuppressionReasons(db, emails),
  ]);
  const outcome = planImport(read.rows.values(), states, new Set(suppressed.keys()));
  return {
    kind: "ready",
    outcome,
    preview: {
      kind: "ready",
      draftId: draft.id,
      fileName: draft.fileName,
      list: draft.list,
      service: read.service,
      serviceName: SERVICE_NAMES[read.service],
      columns: read.columns,
      counts: {
        rows: read.rowCount,
        duplicatesMerged: read.duplicatesMerged,
        invalid: read.invalidCount,
        ...outcome.counts,
      },
      invalidRows: read.invalid,
      importedAt: draft.importedAt,
    },
  };
}

export type RunImportResult =
  | { kind: "imported"; preview: Extract<ImportPreview, { kind: "ready" }>; alreadyImported: boolean }
  | { kind: "not_found" }
  | Exclude<ImportPreview, { kind: "ready" }>;

/**
 * Imports a draft in one transaction. Everything the dry run counted is written, or nothing; the draft is
 * marked imported in the same transaction, so a repeat answers the first result and writes nothing.
 */
export async function runImport(db: Database, draftId: string, now: Date): Promise<RunImportResult> {
  return db.transaction(async (tx) => {
    const draft = await lockImportDraft(tx as unknown as Database, draftId);
    if (!draft) return { kind: "not_found" };
    if (draft.importedAt !== null) {
      const preview = await previewDraft(tx as unknown as Database, draft);
      if (preview.kind !== "ready") throw new Error(`runImport: imported draft ${draftId} no longer reads`);
      return { kind: "imported", preview, alreadyImported: true };
    }
    const evaluated = await evaluate(tx as unknown as Database, draft);
    if (evaluated.kind !== "ready") return evaluated;
    const { preview, outcome } = evaluated;
    const serviceName = SERVICE_NAMES[preview.service];
    const day = now.toISOString().slice(0, 10);
    await writeImportedPeople(tx as unknown as Database, {
      list: draft.list,
      importId: draft.id,
      service: preview.service,
      fileName: draft.fileName,
      consentSource: `import:${preview.service}`,
      consentText: `Imported by the coach from ${serviceName} (${draft.fileName}) on ${day}: she was on this list there.`,
      at: now,
      people: outcome.subscribe.map((row) => ({
        email: row.email,
        firstName: row.firstName ?? null,
        lastName: row.lastName ?? null,
      })),
    });
    await insertSuppressions(
      tx as unknown as Database,
      outcome.suppress.map((row) => ({ ...row, source: `import:${preview.service}`, at: now })),
    );
    await updateImportDraft(tx as unknown as Database, draft.id, {
      importedAt: now,
      result: { counts: preview.counts },
    });
    return { kind: "imported", preview: { ...preview, importedAt: now }, alreadyImported: false };
  });
}

/** The text in 64 KB pieces: the reader holds one piece's records at a time, not the whole file's. */
function* slices(text: string): Generator<string> {
  for (let start = 0; start < text.length; start += 65_536) yield text.slice(start, start + 65_536);
}
