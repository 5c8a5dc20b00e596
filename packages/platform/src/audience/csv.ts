/**
 * A streaming RFC 4180 reader: feed it text as it arrives, get whole records back with the line each one
 * starts on (1-based, counting the header), so a bad row can be named to the coach. Quoted fields may hold
 * commas, doubled quotes and line breaks; CRLF and LF both end a record; a UTF-8 byte order mark is dropped.
 * Anything else that is not CSV (a quote inside an unquoted field, text after a closing quote, a quote never
 * closed) throws `CsvSyntaxError` with its line.
 *
 * @example
 * const reader = createCsvReader();
 * for (const record of reader.push(chunk)) handle(record);
 * for (const record of reader.end()) handle(record);
 */
export interface CsvRecord {
  /** The line the record starts on, 1 for the header. */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {
  override name = "CsvSyntaxError";
  readonly line: number;
  constructor(line: number, problem: string) {
    super(`Line ${line}: ${problem}`);
    this.line = line;
  }
}

export interface CsvReader {
  push(text: string): CsvRecord[];
  end(): CsvRecord[];
}

type State = "fieldStart" | "unquoted" | "quoted" | "quoteInQuoted";

export function createCsvReader(): CsvReader {
  let state: State = "fieldStart";
  let field = "";
  let fields: string[] = [];
  let line = 1;
  let recordLine = 1;
  let pendingCr = false;
  let first = true;

  function finishRecord(out: CsvRecord[]) {
    fields.push(field);
    field = "";
    // A blank line (one empty field) is no record: exports often end with one.
    if (!(fields.length === 1 && fields[0] === "")) out.push({ line: recordLine, fields });
    fields = [];
    state = "fieldStart";
  }

  function push(text: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let start = 0;
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) start = 1;
    }
    for (let index = start; index < text.length; index++) {
      const char = text[index] as string;
      if (pendingCr) {
        pendingCr = false;
        if (char === "\n") continue;
      }
      if (state === "quoted") {
        if (char === '"') state = "quoteInQuoted";
        else {
          if (char === "\n" || char === "\r") {
            line++;
            if (char === "\r") pendingCr = true;
          }
          field += char;
        }
        continue;
      }
      if (state === "quoteInQuoted") {
        if (char === '"') {
          field += '"';
          state = "quoted";
          continue;
        }
        if (char !== "," && char !== "\n" && char !== "\r") {
          throw new CsvSyntaxError(
            line,
            "a quoted field must end at its closing quote; put the whole value in quotes.",
          );
        }
        // The closing quote ended the field: fall through to the separator.
      }
      if (char === ",") {
        fields.push(field);
        field = "";
        state = "fieldStart";
      } else if (char === "\n" || char === "\r") {
        finishRecord(out);
        if (char === "\r") pendingCr = true;
        line++;
        recordLine = line;
      } else if (char === '"') {
        if (state !== "fieldStart") {
          throw new CsvSyntaxError(
            line,
            'a quote (") inside a value that does not start with one; quote the value and double its quotes.',
          );
        }
        state = "quoted";
      } else {
        field += char;
        state = "unquoted";
      }
    }
    return out;
  }

  function end(): CsvRecord[] {
    if (state === "quoted") throw new CsvSyntaxError(recordLine, "a quoted value is never closed.");
    const out: CsvRecord[] = [];
    if (state !== "fieldStart" || fields.length > 0) finishRecord(out);
    return out;
  }

  return { push, end };
}

/** Reads a whole CSV text at once (tests and small files). */
export function readCsv(text: string): CsvRecord[] {
  const reader = createCsvReader();
  return [...reader.push(text), ...reader.end()];
}

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field, quoted when it must be, with spreadsheet formulas defused: a value starting with =, +, -,
 * @, tab or CR gets a leading ' so Excel, Numbers and Sheets show it as text instead of running it.
 */
export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvLine(values: readonly string[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}
