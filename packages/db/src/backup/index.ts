/**
 * Backups you can restore: PostgreSQL through pg_dump/pg_restore (custom format), PGlite as a `.tar.gz` of
 * DATA_DIR (PGlite's own dump of its folder, the stripe-local state, a manifest) taken while holding its locks.
 * A restore goes into an empty database only, unless `force`.
 *
 * @example
 * const file = defaultBackupFile(env.BACKUP_DIR, env.DATABASE_URL ? "postgres" : "pglite");
 * const made = await backupDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR, file });
 * const restored = await restoreDatabase({ url: env.DATABASE_URL, dataDir: otherDataDir, file, force: false });
 */
import { BackupError, type BackupKind, detectBackupKind } from "./files.ts";
import { backupPglite, restorePglite } from "./pglite.ts";
import { backupPostgres, describeLocation, restorePostgres } from "./postgres.ts";
import type { TableSummary } from "./tables.ts";

export { BackupError, type BackupKind, defaultBackupFile } from "./files.ts";
export {
  fingerprintTables,
  queryThroughHandle,
  type RunQuery,
  summarizeTables,
  type TableFingerprint,
  type TableSummary,
} from "./tables.ts";

export interface BackupOptions {
  /** PostgreSQL when set; otherwise PGlite in `dataDir`. */
  url?: string | undefined;
  dataDir: string;
  /** The file to write; it must not exist yet. */
  file: string;
  now?: Date;
}

export interface RestoreOptions {
  url?: string | undefined;
  dataDir: string;
  file: string;
  /** Restore even where there are tables already (PostgreSQL: dropped; PGlite: moved aside). */
  force: boolean;
  now?: Date;
}

export interface BackupResult extends TableSummary {
  kind: BackupKind;
  /** Where the data lives: the PGlite folder, or host:port/database. */
  location: string;
  /** Whether DATA_DIR/stripe-local was in the archive (PGlite only). */
  stripeLocal: boolean;
  /** The PostgreSQL tool that ran, e.g. "pg_dump 15.20". */
  tool: string | null;
}

export interface RestoreResult extends BackupResult {
  /** PGlite with `force`: where the data that was in DATA_DIR went. */
  replacedTo: string | null;
}

export async function backupDatabase(options: BackupOptions): Promise<BackupResult> {
  const now = options.now ?? new Date();
  if (options.url) {
    const made = await backupPostgres(options.url, options.file);
    return {
      kind: "postgres",
      location: describeLocation(options.url),
      ...made,
      stripeLocal: false,
      tool: describeTool(made.tool),
    };
  }
  const made = await backupPglite(options.dataDir, options.file, now);
  return { kind: "pglite", location: options.dataDir, ...made, tool: null };
}

export async function restoreDatabase(options: RestoreOptions): Promise<RestoreResult> {
  const now = options.now ?? new Date();
  const kind = detectBackupKind(options.file);
  if (kind === "postgres" && !options.url) {
    throw new BackupError(
      `${options.file} is a PostgreSQL dump: set DATABASE_URL to the empty database to restore it into.`,
    );
  }
  if (kind === "pglite" && options.url) {
    throw new BackupError(
      `${options.file} is a PGlite backup: unset DATABASE_URL and set DATA_DIR to an empty folder to restore it into.`,
    );
  }
  if (options.url) {
    const restored = await restorePostgres(options.url, options.file, { force: options.force });
    return {
      kind,
      location: describeLocation(options.url),
      ...restored,
      stripeLocal: false,
      tool: describeTool(restored.tool),
      replacedTo: null,
    };
  }
  const restored = await restorePglite(options.dataDir, options.file, { force: options.force, now });
  return { kind, location: options.dataDir, ...restored, tool: null };
}

function describeTool(tool: { path: string; version: string }): string {
  return `${tool.path.split("/").pop()} ${tool.version}`;
}
