import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import postgres from "postgres";
import { BackupError, finishBackupFile, firstLine, prepareBackupFile } from "./files.ts";
import { queryThroughPostgres, summarizeTables, type TableSummary } from "./tables.ts";

export interface PostgresBackupResult extends TableSummary {
  /** The pg_dump or pg_restore that ran, with its version. */
  tool: PgTool;
}

export interface PgTool {
  path: string;
  version: string;
  major: number;
}

// Debian and Ubuntu install each major version's client tools side by side here; PATH may hold an older one.
const DEBIAN_TOOLS = "/usr/lib/postgresql";

/**
 * `pg_dump --format=custom` of the whole database, taken on a snapshot exported from our own transaction, so the
 * tables and rows reported are exactly those in the file, while the platform keeps serving.
 */
export async function backupPostgres(url: string, file: string): Promise<PostgresBackupResult> {
  const client = await connect(url);
  try {
    const server = await readServerVersion(client);
    const tool = findPgTool("pg_dump", server);
    const partial = await prepareBackupFile(file);
    try {
      const summary = await client.begin("isolation level repeatable read read only", async (transaction) => {
        const [row] = await transaction<{ snapshot: string }[]>`select pg_export_snapshot() as snapshot`;
        const counted = await summarizeTables(queryThroughPostgres(transaction));
        await runTool(tool, ["--format=custom", `--snapshot=${row?.snapshot}`, `--file=${partial}`], url);
        return counted;
      });
      await finishBackupFile(partial, file);
      return { ...summary, tool };
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  } finally {
    await client.end({ timeout: 5 });
  }
}

/**
 * `pg_restore` into a database that holds no tables (with `force`, its schemas are dropped first), in one
 * transaction: a restore that fails leaves nothing half-restored. Objects end up owned by the user in
 * DATABASE_URL (`--no-owner`), and grants are left out (`--no-privileges`), as roles differ between servers.
 */
export async function restorePostgres(
  url: string,
  file: string,
  options: { force: boolean },
): Promise<PostgresBackupResult> {
  const client = await connect(url);
  try {
    const server = await readServerVersion(client);
    const tool = findPgTool("pg_restore", server);
    const query = queryThroughPostgres(client);
    const { tables } = await summarizeTables(query);
    if (tables > 0 && !options.force) {
      throw new BackupError(
        `The database ${describeLocation(url)} already has ${tables} tables: restore into an empty database (createdb a new one and point DATABASE_URL at it), or pass --force to drop what it holds.`,
      );
    }
    if (options.force) await emptyDatabase(client);
    await runTool(tool, ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", file], url);
    return { ...(await summarizeTables(query)), tool };
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** Drops every schema but PostgreSQL's own, and gives back `public` as a new database has it. */
async function emptyDatabase(client: postgres.Sql): Promise<void> {
  const schemas = await client<{ name: string }[]>`
    select nspname as name from pg_namespace where nspname <> 'information_schema' and nspname !~ '^pg_'`;
  await client.begin(async (transaction) => {
    for (const { name } of schemas) await transaction.unsafe(`drop schema "${name.replaceAll('"', '""')}" cascade`);
    await transaction.unsafe("create schema public authorization pg_database_owner");
    await transaction.unsafe("grant usage on schema public to public");
  });
}

async function connect(url: string): Promise<postgres.Sql> {
  const client = postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await client`select 1`;
    return client;
  } catch (error) {
    await client.end({ timeout: 1 });
    const { code, message } = error as { code?: string; message?: string };
    const hint = code === "3D000" ? " Create it first (createdb)." : " Is it running, and is DATABASE_URL right?";
    throw new BackupError(`Could not connect to PostgreSQL at ${describeLocation(url)} (${message ?? code}).${hint}`);
  }
}

export interface ServerVersion {
  version: string;
  major: number;
}

async function readServerVersion(client: postgres.Sql): Promise<ServerVersion> {
  const [row] = await client<{ version: string; number: string }[]>`
    select current_setting('server_version') as version, current_setting('server_version_num') as number`;
  return { version: row?.version.split(" ")[0] ?? "", major: Math.floor(Number(row?.number) / 10_000) };
}

/**
 * A `name` on PATH or among Debian's versioned copies whose major version is at least the server's: pg_dump
 * refuses a newer server, and pg_restore must read what pg_dump wrote.
 */
export function findPgTool(
  name: "pg_dump" | "pg_restore",
  server: ServerVersion,
  candidates: string[] = listToolCandidates(name),
): PgTool {
  const found = candidates.map(readToolVersion).filter((tool) => tool !== null);
  const recentEnough = found.filter((tool) => tool.major >= server.major);
  // pg_restore reads archives from every older pg_dump but none from a newer one (a dump from a newer server, as
  // the compose backup service's may be): the newest is the safest. pg_dump: the one on PATH, as a person expects.
  const usable = name === "pg_restore" ? recentEnough.sort((a, b) => b.major - a.major)[0] : recentEnough[0];
  if (usable) return usable;
  const install = `install the PostgreSQL ${server.major} client tools (Debian/Ubuntu: apt-get install postgresql-client-${server.major}; elsewhere, PostgreSQL ${server.major} or newer)`;
  const [newest] = found.sort((a, b) => b.major - a.major);
  if (!newest) throw new BackupError(`${name} was not found: ${install}.`);
  throw new BackupError(
    `${name} ${newest.version} (${newest.path}) is older than the server (PostgreSQL ${server.version}) and cannot ${name === "pg_dump" ? "dump" : "restore into"} it: ${install}.`,
  );
}

function listToolCandidates(name: string): string[] {
  const versioned = existsSync(DEBIAN_TOOLS)
    ? readdirSync(DEBIAN_TOOLS)
        .filter((folder) => /^\d+$/.test(folder))
        .sort((a, b) => Number(b) - Number(a))
        .map((folder) => join(DEBIAN_TOOLS, folder, "bin", name))
        .filter((path) => existsSync(path))
    : [];
  return [name, ...versioned];
}

function readToolVersion(path: string): PgTool | null {
  const result = spawnSync(path, ["--version"], { encoding: "utf8" });
  const match = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(result.stdout ?? "");
  if (result.status !== 0 || !match) return null;
  const major = Number(match[1]);
  return { path, major, version: match[2] === undefined ? String(major) : `${major}.${match[2]}` };
}

/** Runs a client tool on `url`; the password goes in its environment, not its arguments, which `ps` shows. */
async function runTool(tool: PgTool, args: string[], url: string): Promise<void> {
  const name = tool.path.split("/").pop();
  const target = new URL(url);
  const password = decodeURIComponent(target.password);
  target.password = "";
  const env = password === "" ? process.env : { ...process.env, PGPASSWORD: password };
  const child = spawn(tool.path, [`--dbname=${target.toString()}`, ...args], {
    stdio: ["ignore", "ignore", "pipe"],
    env,
  });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    stderr += chunk;
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (code !== 0) {
    // pg_restore prefixes its messages with "pg_restore: error:" already.
    const message = firstLine(stderr).replace(new RegExp(`^${name}:\\s*(error:\\s*)?`), "");
    if (/unsupported version .* in file header/.test(message)) {
      throw new BackupError(
        `${name} ${tool.version} cannot read this dump (${message}): it was made by a newer pg_dump; install newer PostgreSQL client tools.`,
      );
    }
    throw new BackupError(`${name} failed: ${message || `exit code ${code}`}`);
  }
}

/** host:port/database, without credentials. */
export function describeLocation(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
}
