import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { PGlite } from "@electric-sql/pglite";
import { DataFolderLockedError, lockDataFolder } from "../lock.ts";
import {
  BackupError,
  finishBackupFile,
  firstLine,
  formatTimestamp,
  holdLockFile,
  prepareBackupFile,
  writeGzipFile,
} from "./files.ts";
import { queryThroughPglite, summarizeTables, type TableSummary } from "./tables.ts";
import { readTar, type TarEntry, writeTar } from "./tar.ts";

// The layout of DATA_DIR: openDatabase keeps PGlite in `pglite/` (locked by `academy.lock`), stripe-local keeps its
// state in `stripe-local/` (locked by `stripe-local.lock`). The archive holds the same two folders, so extracting
// it with `tar -xzf` gives a DATA_DIR; lock files are never archived.
const PGLITE_FOLDER = "pglite";
const PGLITE_LOCK = "academy.lock";
const STRIPE_FOLDER = "stripe-local";
const STRIPE_LOCK = "stripe-local.lock";
const MANIFEST = "manifest.json";
const FORMAT = "academy-backup";
const FORMAT_VERSION = 1;
// PGlite's tar reader takes names from the 100-byte name field only (no ustar prefix).
const PGLITE_NAME_LIMIT = 100;

interface Manifest {
  format: typeof FORMAT;
  version: number;
  database: "pglite";
  createdAt: string;
  postgresVersion: string;
  tables: number;
  rows: number;
  stripeLocal: boolean;
}

export interface PgliteBackupResult extends TableSummary {
  /** Whether DATA_DIR/stripe-local was there and went into the archive. */
  stripeLocal: boolean;
}

export interface PgliteRestoreResult extends TableSummary {
  stripeLocal: boolean;
  /** With `force`: where the data that was in DATA_DIR went. */
  replacedTo: string | null;
}

/**
 * Archives DATA_DIR while holding its locks, so neither the server nor stripe-local can write meanwhile: PGlite's
 * own dump of its folder (after a checkpoint), the stripe-local state files, and a manifest.
 */
export async function backupPglite(dataDir: string, file: string, now: Date): Promise<PgliteBackupResult> {
  const folder = join(dataDir, PGLITE_FOLDER);
  if (!existsSync(join(folder, "PG_VERSION"))) {
    throw new BackupError(`There is no PGlite database in ${folder} to back up; is DATA_DIR right?`);
  }
  const stripeFolder = join(dataDir, STRIPE_FOLDER);
  const release = lockForBackup(folder, stripeFolder, "back up");
  try {
    const partial = await prepareBackupFile(file);
    const client = await PGlite.create(folder);
    let dump: Uint8Array;
    let summary: TableSummary;
    let postgresVersion: string;
    try {
      // Writes every changed page to the data files, so the dump needs no WAL replay to be whole.
      await client.exec("checkpoint");
      summary = await summarizeTables(queryThroughPglite(client));
      postgresVersion =
        (await client.query<{ server_version: string }>("show server_version")).rows[0]?.server_version ?? "";
      dump = new Uint8Array(await (await client.dumpDataDir("none")).arrayBuffer());
    } finally {
      await client.close();
    }
    const stripeEntries = existsSync(stripeFolder) ? await readFolder(stripeFolder, STRIPE_LOCK) : null;
    const manifest: Manifest = {
      format: FORMAT,
      version: FORMAT_VERSION,
      database: "pglite",
      createdAt: now.toISOString(),
      postgresVersion,
      ...summary,
      stripeLocal: stripeEntries !== null,
    };
    const entries: TarEntry[] = [
      {
        type: "file",
        name: MANIFEST,
        modifiedAt: now,
        data: new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`),
      },
      { type: "directory", name: PGLITE_FOLDER, modifiedAt: now },
      ...prefixEntries(PGLITE_FOLDER, withoutRuntimeFiles(readTar(dump).map(stripLeadingSlash))),
      ...(stripeEntries === null ? [] : [{ type: "directory" as const, name: STRIPE_FOLDER, modifiedAt: now }]),
      ...prefixEntries(STRIPE_FOLDER, stripeEntries ?? []),
    ];
    await writeGzipFile(partial, writeTar(entries));
    await finishBackupFile(partial, file);
    return { ...summary, stripeLocal: manifest.stripeLocal };
  } finally {
    release();
  }
}

/**
 * Restores an archive into DATA_DIR, which must hold no tables and no stripe-local state unless `force` (then what
 * is there is moved aside, never deleted). The data is loaded into a staging folder first and moved in only once
 * PGlite has opened it, so a damaged archive leaves DATA_DIR as it was.
 */
export async function restorePglite(
  dataDir: string,
  file: string,
  options: { force: boolean; now: Date },
): Promise<PgliteRestoreResult> {
  const entries = await readArchive(file);
  const manifest = readManifest(entries, file);
  const pgliteEntries = withoutRuntimeFiles(entriesUnder(entries, PGLITE_FOLDER));
  const stripeEntries = entriesUnder(entries, STRIPE_FOLDER);
  if (!pgliteEntries.some((entry) => entry.name === "PG_VERSION")) {
    throw new BackupError(`${file} holds no PGlite database (no pglite/PG_VERSION); the archive is incomplete.`);
  }

  const folder = join(dataDir, PGLITE_FOLDER);
  const stripeFolder = join(dataDir, STRIPE_FOLDER);
  await mkdir(dataDir, { recursive: true });
  // Created before locking, so stripe-local cannot start on the folder while its state is being restored.
  if (manifest.stripeLocal) await mkdir(stripeFolder, { recursive: true });
  const release = lockForBackup(folder, stripeFolder, "restore into");
  const stamp = formatTimestamp(options.now);
  const staging = join(dataDir, `.restoring-${stamp}`);
  try {
    const existing = await inspectDataDir(folder, stripeFolder);
    if (!options.force && (existing.tables > 0 || existing.stripeLocal)) {
      const what = [
        existing.tables > 0 ? `a database with ${existing.tables} tables` : "",
        existing.stripeLocal ? "stripe-local state" : "",
      ]
        .filter(Boolean)
        .join(" and ");
      throw new BackupError(
        `DATA_DIR ${dataDir} already holds ${what}: restore into an empty DATA_DIR, or pass --force to move what is there aside.`,
      );
    }

    await rm(staging, { recursive: true, force: true });
    const summary = await loadPgliteFolder(join(staging, PGLITE_FOLDER), pgliteEntries, manifest);
    if (manifest.stripeLocal) await writeEntries(join(staging, STRIPE_FOLDER), stripeEntries);

    let replacedTo: string | null = null;
    if (existing.database || existing.stripeLocal) {
      replacedTo = join(dataDir, `replaced-${stamp}`);
      await moveContents(folder, join(replacedTo, PGLITE_FOLDER), PGLITE_LOCK);
      if (existsSync(stripeFolder)) await moveContents(stripeFolder, join(replacedTo, STRIPE_FOLDER), STRIPE_LOCK);
    }
    await moveContents(join(staging, PGLITE_FOLDER), folder, PGLITE_LOCK);
    if (manifest.stripeLocal) await moveContents(join(staging, STRIPE_FOLDER), stripeFolder, STRIPE_LOCK);
    return { ...summary, stripeLocal: manifest.stripeLocal, replacedTo };
  } finally {
    await rm(staging, { recursive: true, force: true });
    release();
  }
}

/** Takes the PGlite folder's lock, then stripe-local's if its folder exists; the release frees both. */
function lockForBackup(folder: string, stripeFolder: string, action: string): () => void {
  let releasePglite: () => void;
  try {
    releasePglite = lockDataFolder(folder);
  } catch (error) {
    if (!(error instanceof DataFolderLockedError)) throw error;
    const holder = /pid (\d+)/.exec(error.message)?.[1];
    throw new BackupError(
      `Cannot ${action} ${folder} while ${holder ? `process ${holder}` : "another process"} (the server?) has it open: stop it and run this again, or run the platform on PostgreSQL (DATABASE_URL), which pg_dump backs up while it serves.`,
    );
  }
  try {
    if (!existsSync(stripeFolder)) return releasePglite;
    const releaseStripe = holdLockFile(
      join(stripeFolder, STRIPE_LOCK),
      (pid) =>
        `Cannot ${action} ${stripeFolder} while stripe-local (process ${pid}) uses it: stop it and run this again.`,
    );
    return () => {
      releaseStripe();
      releasePglite();
    };
  } catch (error) {
    releasePglite();
    throw error;
  }
}

async function inspectDataDir(
  folder: string,
  stripeFolder: string,
): Promise<{ database: boolean; tables: number; stripeLocal: boolean }> {
  const holdsFiles = async (path: string, lockFile: string) =>
    existsSync(path) && (await readdir(path)).some((name) => name !== lockFile);
  const stripeLocal = await holdsFiles(stripeFolder, STRIPE_LOCK);
  // Anything in the folder (even the remains of an interrupted initdb) is moved aside rather than mixed in.
  if (!existsSync(join(folder, "PG_VERSION"))) {
    return { database: await holdsFiles(folder, PGLITE_LOCK), tables: 0, stripeLocal };
  }
  const client = await PGlite.create(folder);
  try {
    const { tables } = await summarizeTables(queryThroughPglite(client));
    return { database: true, tables, stripeLocal };
  } finally {
    await client.close();
  }
}

async function loadPgliteFolder(folder: string, entries: TarEntry[], manifest: Manifest): Promise<TableSummary> {
  for (const entry of entries) {
    if (new TextEncoder().encode(entry.name).length > PGLITE_NAME_LIMIT) {
      throw new BackupError(`The archive holds pglite/${entry.name}, a path too long for PGlite to load.`);
    }
  }
  await mkdir(folder, { recursive: true });
  const tarball = new Blob(writeTar(entries) as BlobPart[], { type: "application/x-tar" });
  let client: PGlite;
  try {
    client = await PGlite.create(folder, { loadDataDir: tarball });
  } catch (error) {
    throw new BackupError(
      `PGlite could not open the restored data (PostgreSQL ${manifest.postgresVersion} in the backup): ${firstLine(String((error as Error).message ?? error))}`,
    );
  }
  try {
    return await summarizeTables(queryThroughPglite(client));
  } finally {
    await client.close();
  }
}

async function readArchive(file: string): Promise<TarEntry[]> {
  try {
    return readTar(await promisify(gunzip)(await readFile(file)));
  } catch (error) {
    throw new BackupError(`${file} cannot be read as a backup: ${firstLine((error as Error).message)}`);
  }
}

function readManifest(entries: TarEntry[], file: string): Manifest {
  const entry = entries.find((candidate) => candidate.name === MANIFEST);
  let manifest: Partial<Manifest> | null = null;
  try {
    manifest = entry?.type === "file" ? JSON.parse(new TextDecoder().decode(entry.data)) : null;
  } catch {
    // Reported below with the other ways a manifest can be wrong.
  }
  if (manifest?.format !== FORMAT || manifest.database !== "pglite" || typeof manifest.version !== "number") {
    throw new BackupError(`${file} is not a PGlite backup made by pnpm backup (its ${MANIFEST} is missing or wrong).`);
  }
  if (manifest.version > FORMAT_VERSION) {
    throw new BackupError(
      `${file} was made by a newer version of the platform (backup format ${manifest.version}); update first.`,
    );
  }
  return manifest as Manifest;
}

/** Files and folders under `folder`, with paths relative to it, leaving out its lock file. */
async function readFolder(folder: string, lockFile: string): Promise<TarEntry[]> {
  const entries: TarEntry[] = [];
  const walk = async (relative: string) => {
    for (const name of (await readdir(join(folder, relative))).sort()) {
      const path = relative === "" ? name : `${relative}/${name}`;
      if (path === lockFile) continue;
      const info = await stat(join(folder, path));
      if (info.isDirectory()) {
        entries.push({ type: "directory", name: path, mode: info.mode, modifiedAt: info.mtime });
        await walk(path);
      } else if (info.isFile()) {
        entries.push({
          type: "file",
          name: path,
          mode: info.mode,
          modifiedAt: info.mtime,
          data: await readFile(join(folder, path)),
        });
      }
    }
  };
  await walk("");
  return entries;
}

async function writeEntries(folder: string, entries: TarEntry[]): Promise<void> {
  await mkdir(folder, { recursive: true });
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.type === "directory") {
      await mkdir(path, { recursive: true });
    } else {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, entry.data, { mode: entry.mode ?? 0o644 });
    }
  }
}

/** Moves everything in `from` into `to` (created if needed), leaving `from`'s lock file where it is. */
async function moveContents(from: string, to: string, lockFile: string): Promise<void> {
  await mkdir(to, { recursive: true });
  for (const name of await readdir(from)) {
    if (name !== lockFile) await rename(join(from, name), join(to, name));
  }
}

function stripLeadingSlash(entry: TarEntry): TarEntry {
  return { ...entry, name: entry.name.replace(/^\/+/, "") };
}

/** What only a running instance has: our lock, and what pg_basebackup leaves out too (postmaster.pid, .opts). */
function withoutRuntimeFiles(entries: TarEntry[]): TarEntry[] {
  return entries.filter((entry) => ![PGLITE_LOCK, "postmaster.pid", "postmaster.opts"].includes(entry.name));
}

function prefixEntries(folder: string, entries: TarEntry[]): TarEntry[] {
  return entries.map((entry) => ({ ...entry, name: `${folder}/${entry.name}` }));
}

/** The entries under `folder/`, renamed relative to it; refuses names that would land outside it. */
function entriesUnder(entries: TarEntry[], folder: string): TarEntry[] {
  const inside: TarEntry[] = [];
  for (const entry of entries) {
    if (!entry.name.startsWith(`${folder}/`)) continue;
    const name = entry.name.slice(folder.length + 1).replace(/\/+$/, "");
    if (name === "") continue;
    if (name.startsWith("/") || name.split("/").includes("..")) {
      throw new BackupError(
        `The archive holds ${entry.name}, a path outside its folder; it was not made by pnpm backup.`,
      );
    }
    inside.push({ ...entry, name });
  }
  return inside;
}
