import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findPgTool } from "./postgres.ts";

const scratch = mkdtempSync(join(tmpdir(), "academy-pg-tool-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A stand-in pg_dump that only answers --version, as the given PostgreSQL version. */
function fakeTool(version: string): string {
  const path = join(mkdtempSync(join(scratch, "bin-")), "pg_dump");
  writeFileSync(path, `#!/bin/sh\necho "pg_dump (PostgreSQL) ${version}"\n`);
  chmodSync(path, 0o755);
  return path;
}

const server = { version: "16.4", major: 16 };

describe("findPgTool", () => {
  it("takes the first pg_dump at least as new as the server", () => {
    const older = fakeTool("15.8 (Debian 15.8-0+deb12u1)");
    const newer = fakeTool("17.2");
    expect(findPgTool("pg_dump", server, [older, newer])).toEqual({ path: newer, version: "17.2", major: 17 });
  });

  it("takes the newest pg_restore, which reads dumps from every older pg_dump", () => {
    const onPath = fakeTool("16.4");
    const newest = fakeTool("17.2");
    expect(findPgTool("pg_restore", server, [onPath, newest]).path).toBe(newest);
    expect(findPgTool("pg_dump", server, [onPath, newest]).path).toBe(onPath);
  });

  it("refuses an older pg_dump, saying which client tools to install", () => {
    const older = fakeTool("15.8");
    expect(() => findPgTool("pg_dump", server, [older])).toThrow(
      /pg_dump 15\.8 .* is older than the server \(PostgreSQL 16\.4\).*postgresql-client-16/,
    );
  });

  it("refuses when there is no pg_dump at all", () => {
    expect(() => findPgTool("pg_dump", server, ["/nonexistent/pg_dump"])).toThrow(
      /pg_dump was not found: install the PostgreSQL 16 client tools/,
    );
  });
});
