import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ImportRow } from "./formats.ts";
import { readList } from "./import-plan.ts";

function fixture(name: string): string {
  return readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8");
}

async function rowsOf(name: string) {
  const read = await readList([fixture(name)]);
  if (read.kind !== "read") throw new Error(`${name}: ${read.kind}`);
  return { service: read.service, rows: [...read.rows.values()] };
}

const subscribed = { kind: "subscribed" } as const;
const left = (reason: string) => ({ kind: "suppressed", reason });

describe("recognising each tool's export", () => {
  it("Mailchimp: subscribed, unsubscribed and cleaned files, names trimmed, addresses lower-cased", async () => {
    expect(await rowsOf("mailchimp-subscribed.csv")).toEqual({
      service: "mailchimp",
      rows: [
        { email: "june.hartley@example.com", firstName: "June", lastName: "Hartley", status: subscribed },
        { email: "priya.nair@example.com", firstName: "Priya", lastName: "Nair", status: subscribed },
      ],
    });
    expect((await rowsOf("mailchimp-unsubscribed.csv")).rows.map((row) => row.status)).toEqual([left("unsubscribed")]);
    expect((await rowsOf("mailchimp-cleaned.csv")).rows.map((row) => row.status)).toEqual([left("cleaned")]);
  });

  it("Kit: each state means what it meant there; unconfirmed people are not brought", async () => {
    const { service, rows } = await rowsOf("kit.csv");
    expect(service).toBe("kit");
    expect(rows.map((row: ImportRow) => [row.email, row.firstName, row.status])).toEqual([
      ["helen.okafor@example.com", "Helen", subscribed],
      ["rosa.lind@example.com", "Rosa", left("unsubscribed")],
      ["bounce.me@example.com", undefined, left("hard_bounce")],
      ["gail.w@example.com", "Gail", left("complaint")],
      ["nina.p@example.com", "Nina", { kind: "unconfirmed" }],
    ]);
  });

  it("Substack: a disabled address counts as unsubscribed", async () => {
    const { service, rows } = await rowsOf("substack.csv");
    expect(service).toBe("substack");
    expect(rows.map((row) => [row.email, row.status])).toEqual([
      ["maren.solberg@example.com", subscribed],
      ["tess.quinn@example.com", subscribed],
      ["went.quiet@example.com", left("unsubscribed")],
    ]);
  });

  it("Ghost: the name splits into first and last, and subscribed_to_emails=false is unsubscribed", async () => {
    const { service, rows } = await rowsOf("ghost.csv");
    expect(service).toBe("ghost");
    expect(rows).toEqual([
      { email: "abby.marsh@example.com", firstName: "Abby", lastName: "Marsh", status: subscribed },
      { email: "lou.baptiste@example.com", firstName: "Lou", lastName: undefined, status: left("unsubscribed") },
    ]);
  });

  it("beehiiv: inactive or unsubscribed_at means unsubscribed; validating is not yet consent", async () => {
    const { service, rows } = await rowsOf("beehiiv.csv");
    expect(service).toBe("beehiiv");
    expect(rows.map((row) => [row.email, row.status])).toEqual([
      ["dana.fox@example.com", subscribed],
      ["eve.kline@example.com", left("unsubscribed")],
      ["fay.moss@example.com", left("unsubscribed")],
      ["gwen.ross@example.com", { kind: "unconfirmed" }],
    ]);
  });
});

describe("reading a list", () => {
  it("asks for a mapping when no format matches, and reads with the coach's mapping", async () => {
    const csv = "Adresse,Prénom,Statut\nada@example.com,Ada,subscribed\nbea@example.com,Bea,unsubscribed\n";
    expect(await readList([csv])).toEqual({ kind: "needs_mapping", columns: ["Adresse", "Prénom", "Statut"] });
    const read = await readList([csv], { email: "Adresse", firstName: "Prénom", status: "Statut" });
    expect(
      read.kind === "read" && [...read.rows.values()].map((row) => [row.email, row.firstName, row.status]),
    ).toEqual([
      ["ada@example.com", "Ada", subscribed],
      ["bea@example.com", "Bea", left("unsubscribed")],
    ]);
  });

  it("refuses a mapping to a column the file lacks, naming it", async () => {
    const read = await readList(["email\nada@example.com\n"], { email: "E-mail" });
    expect(read).toEqual({ kind: "malformed", line: 1, message: expect.stringContaining('"E-mail"') });
  });

  it("names invalid rows by line, merges repeated addresses, and keeps an unsubscribe over a subscribe", async () => {
    const csv = [
      "email,first_name,state,email_address",
      "x,Ann,active,ann@example.com",
      "x,,active,not-an-address",
      "x,,active,",
      "x,Ann B,cancelled,ANN@example.com",
      "x,Cy,active,cy@example.com",
    ].join("\r\n");
    const read = await readList([csv]);
    if (read.kind !== "read") throw new Error(read.kind);
    expect(read.rowCount).toBe(5);
    expect(read.duplicatesMerged).toBe(1);
    expect(read.invalid).toEqual([
      { line: 3, problem: '"not-an-address" is not an email address' },
      { line: 4, problem: "no email address" },
    ]);
    expect(read.rows.get("ann@example.com")).toEqual({
      email: "ann@example.com",
      firstName: "Ann",
      lastName: undefined,
      status: left("unsubscribed"),
    });
  });

  it("refuses a row with more or fewer values than the header, with its line", async () => {
    const csv = "email,First Name,Last Name,status,tier\na@example.com,A,,active,free\nb@example.com,B,active,free\n";
    expect(await readList([csv])).toEqual({
      kind: "malformed",
      line: 3,
      message: expect.stringMatching(/^Line 3: 4 values/),
    });
  });
});
