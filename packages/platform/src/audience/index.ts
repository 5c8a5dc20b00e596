/**
 * The coach's audience: one set of people (subscribers, members, former members), the lists they are on
 * (newsletter, waitlist), the suppression list, and bringing in or taking out her list as CSV.
 *
 * @example
 * const preview = await uploadImport(db, { fileName, csv, list: "newsletter", actor }); // a dry run
 * const done = await runImport(db, preview.draftId, now);                             // all or nothing
 * for await (const chunk of exportAudienceCsv(db, now)) response.write(chunk);
 */
export { type AudienceCounts, countAudience } from "@academy/db/queries/audience";
export { csvField, csvLine } from "./csv.ts";
export { EXPORT_COLUMNS, exportAudienceCsv } from "./export.ts";
export { type ColumnMapping, IMPORT_SERVICES, type ImportService, SERVICE_NAMES } from "./formats.ts";
export {
  changeImportDraft,
  type ImportPreview,
  isImportDraftId,
  MAX_IMPORT_BYTES,
  previewImport,
  type RunImportResult,
  runImport,
  type UploadImportInput,
  uploadImport,
} from "./import.ts";
export { type ImportCounts, LIST_NAMES } from "./import-outcome.ts";
export { INVALID_ROWS_LISTED } from "./import-plan.ts";
export { AUDIENCE_LISTS, type LeaveResult, type LeaveScope, leave } from "./leave.ts";
export {
  isSuppressed,
  SUPPRESSION_REASONS,
  type SuppressAddressInput,
  type SuppressionReason,
  suppressAddress,
  suppressedAmong,
} from "./suppression.ts";
