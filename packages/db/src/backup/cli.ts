/**
 * `pnpm backup [file]` and `pnpm restore <file> [--force]`: one line saying what was done, or one line saying why
 * not (exit code 1). Reads DATABASE_URL, DATA_DIR and BACKUP_DIR.
 *
 * @example
 * node packages/db/src/backup/cli.ts backup backups/before-launch.tar.gz
 * node packages/db/src/backup/cli.ts restore backups/before-launch.tar.gz
 */
import { statSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { EnvError, loadEnv } from "@academy/config/env";
import { DatabaseUnavailableError } from "../client.ts";
import { dbEnv } from "../env.ts";
import { DataFolderLockedError } from "../lock.ts";
import { backupEnv } from "./env.ts";
import { BackupError, type BackupResult, backupDatabase, defaultBackupFile, restoreDatabase } from "./index.ts";

const USAGE = `Usage: pnpm backup [file]             back up the database (DATABASE_URL, else PGlite in DATA_DIR)
                                       to file, or to a timestamped file in BACKUP_DIR (default backups/)
       pnpm restore <file> [--force]   restore file into an empty database; --force replaces what is there`;

class UsageError extends Error {
  override message = "Usage: pnpm backup [file], or pnpm restore <file> [--force] (--help says more).";
}

const [command, ...rest] = process.argv.slice(2);

try {
  const { values, positionals } = parseArgs({
    args: rest,
    options: { force: { type: "boolean", default: false }, help: { type: "boolean", default: false } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
  } else if (command === "backup") {
    if (positionals.length > 1 || values.force) throw new UsageError();
    const env = loadEnv({ ...dbEnv, ...backupEnv }, process.env);
    const kind = env.DATABASE_URL ? "postgres" : "pglite";
    const file = positionals[0] ? resolve(positionals[0]) : defaultBackupFile(env.BACKUP_DIR, kind);
    const made = await backupDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR, file });
    const tool = made.tool ? ` with ${made.tool}` : "";
    console.log(
      `Backed up ${describeDatabase(made)} (${describeContents(made)}) to ${display(file)} (${describeSize(file)})${tool}.`,
    );
  } else if (command === "restore") {
    const [given] = positionals;
    if (given === undefined || positionals.length > 1) throw new UsageError();
    const env = loadEnv(dbEnv, process.env);
    const file = resolve(given);
    const restored = await restoreDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR, file, force: values.force });
    const replaced = restored.replacedTo ? `; what was there is now in ${display(restored.replacedTo)}` : "";
    console.log(
      `Restored ${display(file)} (${describeSize(file)}) into ${describeDatabase(restored)}: ${describeContents(restored)}${replaced}.`,
    );
  } else {
    throw new UsageError();
  }
} catch (error) {
  const known =
    error instanceof UsageError ||
    error instanceof BackupError ||
    error instanceof EnvError ||
    error instanceof DataFolderLockedError ||
    error instanceof DatabaseUnavailableError;
  const message = error instanceof Error ? error.message : String(error);
  console.error(known ? message : `${command === "restore" ? "Restore" : "Backup"} failed: ${message.split("\n")[0]}`);
  process.exitCode = 1;
}

function describeDatabase(result: BackupResult): string {
  return result.kind === "pglite" ? `PGlite in ${display(result.location)}` : `PostgreSQL ${result.location}`;
}

function describeContents(result: BackupResult): string {
  const stripe = result.stripeLocal ? ", stripe-local state" : "";
  return `${result.tables} tables, ${result.rows.toLocaleString("en-US")} rows${stripe}`;
}

function describeSize(file: string): string {
  const bytes = statSync(file).size;
  if (bytes < 1000) return `${bytes} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let size = bytes / 1000;
  let unit = 0;
  while (size >= 1000 && unit < units.length - 1) {
    size /= 1000;
    unit++;
  }
  return `${size.toFixed(size < 10 ? 1 : 0)} ${units[unit]}`;
}

/** Relative to where the command runs when inside it (pnpm runs it at the repository root), else absolute. */
function display(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside !== "" && !inside.startsWith("..") && !isAbsolute(inside) ? inside : path;
}
