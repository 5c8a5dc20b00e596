import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const serverFile = fileURLToPath(new URL("../server.ts", import.meta.url));

function start(env: Record<string, string>) {
  const result = spawnSync(process.execPath, [serverFile], {
    env: { PATH: process.env.PATH ?? "", DATA_DIR: mkdtempSync(join(tmpdir(), "academy-start-")), ...env },
    encoding: "utf8",
    timeout: 30_000,
  });
  return { code: result.status, stderr: result.stderr.trim() };
}

describe("starting the server with a bad configuration", () => {
  it.each([
    [{ PORT: "70000" }, 'Invalid environment variable PORT: expected a port number from 1 to 65535 (got "70000").'],
    [{ PORT: "http" }, 'Invalid environment variable PORT: expected a port number from 1 to 65535 (got "http").'],
    [
      { DATABASE_URL: "mysql://root@localhost/academy" },
      'Invalid environment variable DATABASE_URL: expected a postgres:// or postgresql:// connection URL (got "mysql://root@localhost/academy").',
    ],
    [
      { DATABASE_URL: "postgres://nobody@127.0.0.1:1/academy" },
      "Could not connect to PostgreSQL at 127.0.0.1:1/academy (ECONNREFUSED). Is it running, and is DATABASE_URL right?",
    ],
  ])("%j stops with exit code 1 and one line naming the problem", (env, message) => {
    const { code, stderr } = start(env);
    expect(code).toBe(1);
    expect(stderr).toBe(message);
  });
});
