/**
 * Reading an uploaded list into one row per address: the pure half of an import. Every record is checked
 * (a malformed file stops at its first bad line; an unusable address is set aside with its line), repeated
 * addresses are merged, and what is left is what the import writes. The database half (`import.ts`) compares
 * it with who is already here.
 */
import { type CsvRecord, CsvSyntaxError, createCsvReader } from "./csv.ts";
import { isPlausibleEmail, normalizeEmail } from "./email.ts";
import {
  type ColumnMapping,
  detectFormat,
  type ImportRow,
  type ImportService,
  mappedFormat,
  missingColumns,
} from "./formats.ts";

export interface InvalidRow {
  line: number;
  problem: string;
}

export type ReadListResult =
  | {
      kind: "read";
      service: ImportService;
      columns: string[];
      /** One row per address (normalised), in file order; a repeated address merged into its first line. */
      rows: Map<string, ImportRow>;
      /** Rows after the header, blank lines not counted. */
      rowCount: number;
      duplicatesMerged: number;
      invalidCount: number;
      /** The first INVALID_ROWS_LISTED invalid rows, with their lines. */
      invalid: InvalidRow[];
    }
  /** No known format matches and no mapping was given: the coach maps the columns herself. */
  | { kind: "needs_mapping"; columns: string[] }
  | { kind: "malformed"; line: number; message: string };

/** How many invalid rows are listed by line; beyond that they are only counted. */
export const INVALID_ROWS_LISTED = 200;

/**
 * Reads a CSV list from text chunks (a stream, or one string). `mapping` overrides format detection.
 */
export async function readList(
  chunks: AsyncIterable<string> | Iterable<string>,
  mapping?: ColumnMapping,
): Promise<ReadListResult> {
  const reader = createCsvReader();
  let header: CsvRecord | undefined;
  let read: ((record: CsvRecord) => ImportRow) | undefined;
  let service: ImportService = "custom";
  const rows = new Map<string, ImportRow>();
  const invalid: InvalidRow[] = [];
  let rowCount = 0;
  let duplicatesMerged = 0;
  let invalidCount = 0;
  let needsMapping = false;

  const take = (record: CsvRecord): ReadListResult | undefined => {
    if (header === undefined) {
      header = record;
      const columns = record.fields.map((field) => field.trim());
      if (mapping) {
        const missing = missingColumns(mapping, columns);
        if (missing.length > 0) {
          return {
            kind: "malformed",
            line: 1,
            message: `Line 1: the file has no column named ${missing.map((name) => `"${name}"`).join(", ")}. Pick columns from its first line.`,
          };
        }
      }
      const format = mapping ? mappedFormat(mapping) : detectFormat(columns);
      if (!format) {
        needsMapping = true;
        return undefined;
      }
      service = format.service;
      const position = new Map(columns.map((column, index) => [column, index]));
      read = (row) =>
        format.read((column) => {
          const index = position.get(column);
          return index === undefined ? "" : (row.fields[index] ?? "").trim();
        });
      return undefined;
    }
    if (needsMapping || !read) return undefined;
    rowCount++;
    if (record.fields.length !== header.fields.length) {
      return {
        kind: "malformed",
        line: record.line,
        message: `Line ${record.line}: ${record.fields.length} values where the first line names ${header.fields.length} columns. Check for a missing comma or an unquoted comma inside a value.`,
      };
    }
    const row = read(record);
    const email = normalizeEmail(row.email);
    if (!isPlausibleEmail(email)) {
      invalidCount++;
      if (invalid.length < INVALID_ROWS_LISTED) {
        invalid.push({
          line: record.line,
          problem: email === "" ? "no email address" : `"${row.email.slice(0, 80)}" is not an email address`,
        });
      }
      return undefined;
    }
    const earlier = rows.get(email);
    if (earlier) {
      duplicatesMerged++;
      rows.set(email, mergeRows(earlier, row));
    } else {
      rows.set(email, { ...row, email });
    }
    return undefined;
  };

  try {
    for await (const chunk of chunks) {
      for (const record of reader.push(chunk)) {
        const stop = take(record);
        if (stop) return stop;
      }
    }
    for (const record of reader.end()) {
      const stop = take(record);
      if (stop) return stop;
    }
  } catch (error) {
    if (error instanceof CsvSyntaxError) return { kind: "malformed", line: error.line, message: error.message };
    throw error;
  }
  if (header === undefined) return { kind: "malformed", line: 1, message: "Line 1: the file is empty." };
  const columns = header.fields.map((field) => field.trim());
  if (needsMapping) return { kind: "needs_mapping", columns };
  return { kind: "read", service, columns, rows, rowCount, duplicatesMerged, invalidCount, invalid };
}

/** Two rows of one address: names fill in, and leaving wins over staying (she said no at least once). */
function mergeRows(earlier: ImportRow, later: ImportRow): ImportRow {
  return {
    email: earlier.email,
    firstName: earlier.firstName ?? later.firstName,
    lastName: earlier.lastName ?? later.lastName,
    status: earlier.status.kind === "suppressed" || later.status.kind !== "suppressed" ? earlier.status : later.status,
  };
}
