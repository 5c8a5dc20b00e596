import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./api-process.ts";

/**
 * A PostgreSQL server of the test's own, in a temporary folder on a free port, so a fault test can
 * stop and restart it without touching the machine's shared server.
 */
export interface PrivatePostgres {
  url: string;
  stop(): void;
  start(): void;
  restart(): void;
  destroy(): void;
}

function findBinaries(): string {
  const root = "/usr/lib/postgresql";
  const version = readdirSync(root).sort().at(-1);
  if (!version) throw new Error("PostgreSQL binaries not found under /usr/lib/postgresql");
  return join(root, version, "bin");
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = findBinaries();
  const folder = mkdtempSync(join(tmpdir(), "academy-pg-"));
  chmodSync(folder, 0o777);
  const data = join(folder, "data");
  const port = await freePort();
  // initdb refuses to run as root: run the server as the postgres user then.
  const asRoot = process.getuid?.() === 0;
  const run = (command: string, args: string[]) => {
    const [file, ...rest] = asRoot
      ? ["runuser", "-u", "postgres", "--", join(bin, command), ...args]
      : [join(bin, command), ...args];
    execFileSync(file as string, rest, { stdio: "pipe" });
  };
  run("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
  const options = `-p ${port} -k ${folder} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = () => run("pg_ctl", ["-D", data, "-o", options, "-l", join(folder, "log"), "-w", "-t", "30", "start"]);
  const stop = () => run("pg_ctl", ["-D", data, "-m", "fast", "-w", "-t", "30", "stop"]);
  start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    start,
    stop,
    restart: () =>
      run("pg_ctl", ["-D", data, "-o", options, "-l", join(folder, "log"), "-m", "fast", "-w", "-t", "30", "restart"]),
    destroy() {
      if (existsSync(join(data, "postmaster.pid"))) stop();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
