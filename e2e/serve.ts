/**
 * Starts the built site for one end-to-end target on a fresh database: a new PGlite folder, or a new
 * database on the PostgreSQL server given. Usage: node e2e/serve.ts <port> <pglite|postgres://…>
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";

const [port = "4391", target = "pglite"] = process.argv.slice(2);
const databaseName = `academy_e2e_${process.pid}`;
const env: NodeJS.ProcessEnv = {
  ...process.env,
  PORT: port,
  SITE_URL: `http://127.0.0.1:${port}`,
  HOST: "127.0.0.1",
  ADMIN_EMAILS: "coach@example.com",
  // "test" keeps the development mailbox but skips the sample data a developer's first start gets.
  NODE_ENV: "test",
};
delete env.DATABASE_URL;

// A folder of this run's own: PGlite's data, or (on PostgreSQL) stripe-local's state kept beside the database.
env.DATA_DIR = mkdtempSync(join(tmpdir(), "academy-e2e-"));
if (target !== "pglite") {
  const name = databaseName;
  const admin = postgres(target, { max: 1, onnotice: () => {} });
  // Databases of earlier runs whose server was killed before it could clean up.
  const leftovers = await admin<
    { datname: string }[]
  >`select datname from pg_database where datname like 'academy_e2e_%'`;
  for (const { datname } of leftovers) {
    if (!isAlive(Number(datname.slice("academy_e2e_".length)))) {
      await admin.unsafe(`drop database if exists "${datname}" with (force)`).catch(() => {});
    }
  }
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.unsafe(`create database "${name}"`);
  await admin.end();
  const url = new URL(target);
  url.pathname = `/${name}`;
  env.DATABASE_URL = url.toString();
}

const server = spawn(process.execPath, ["apps/web/server.ts"], { env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", async (code) => {
  // The PostgreSQL database was this run's alone: leave nothing behind.
  if (env.DATA_DIR) rmSync(env.DATA_DIR, { recursive: true, force: true });
  if (target !== "pglite") {
    const admin = postgres(target, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists "${databaseName}" with (force)`).catch(() => {});
    await admin.end();
  }
  process.exit(code ?? 0);
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
