import { describe, expect, it } from "vitest";
import { createCsvReader, csvLine, readCsv } from "./csv.ts";

describe("reading CSV", () => {
  it("reads quoted commas, doubled quotes and line breaks, and names the line each record starts on", () => {
    const text =
      '\uFEFFemail,name\r\nruth@example.com,"Ruth, ""Ru"" Ames"\r\nines@example.com,"two\nlines"\nmara@example.com,\n';
    expect(readCsv(text)).toEqual([
      { line: 1, fields: ["email", "name"] },
      { line: 2, fields: ["ruth@example.com", 'Ruth, "Ru" Ames'] },
      { line: 3, fields: ["ines@example.com", "two\nlines"] },
      { line: 5, fields: ["mara@example.com", ""] },
    ]);
  });

  it("gives the same records whatever size the chunks arrive in", () => {
    const text = 'a,b\r\n"x\r\ny",2\r\n3,"4"""\r\n';
    const whole = readCsv(text);
    const reader = createCsvReader();
    const pieces = [...text].flatMap((char) => reader.push(char));
    expect([...pieces, ...reader.end()]).toEqual(whole);
  });

  it("refuses a stray quote, text after a closing quote and an unclosed quote, naming the line", () => {
    expect(() => readCsv('email\nru"th@example.com\n')).toThrowError(/^Line 2: a quote/);
    expect(() => readCsv('email,name\na@example.com,"Ann" B\n')).toThrowError(/^Line 2:/);
    expect(() => readCsv('email,name\na@example.com,ok\nb@example.com,"never closed\n')).toThrowError(
      /^Line 3: a quoted value is never closed/,
    );
  });
});

describe("writing CSV", () => {
  it("defuses spreadsheet formulas and quotes what needs quoting", () => {
    expect(csvLine(['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx", "plain", "a,b"])).toBe(
      `"'=HYPERLINK(""x"")",'+1,'-2,'@SUM(A1),'\tx,"'\rx",plain,"a,b"\r\n`,
    );
  });
});
