import { closeSync, createWriteStream, existsSync, openSync, readFileSync, readSync, rmSync, writeSync } from "node:fs";
import { mkdir, open, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { isProcessAlive } from "../lock.ts";

/** A failure the person running the command can act on; its message is one line that says how. */
export class BackupError extends Error {
  override name = "BackupError";
}

export type BackupKind = "pglite" | "postgres";

/** What a file holds, from its first bytes: our PGlite tarball (gzip) or a pg_dump custom-format archive. */
export function detectBackupKind(file: string): BackupKind {
  if (!existsSync(file)) throw new BackupError(`There is no backup at ${file}.`);
  const head = Buffer.alloc(5);
  const fd = openSync(file, "r");
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (head[0] === 0x1f && head[1] === 0x8b) return "pglite";
  if (head.toString("latin1") === "PGDMP") return "postgres";
  throw new BackupError(
    `${file} is not a backup made by pnpm backup (neither a PGlite .tar.gz nor a pg_dump custom-format archive).`,
  );
}

/** Refuses to overwrite: a backup file, once written, is never replaced by another. */
export async function prepareBackupFile(file: string): Promise<string> {
  if (existsSync(file)) throw new BackupError(`${file} already exists; give another file name.`);
  await mkdir(dirname(file), { recursive: true });
  const partial = `${file}.partial`;
  // Left by a run that crashed: nobody finishes it now.
  await rm(partial, { force: true });
  return partial;
}

/** Moves a finished `.partial` file into place after it is on disk, so a crash never leaves half a backup. */
export async function finishBackupFile(partial: string, file: string): Promise<void> {
  const handle = await open(partial, "r+");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(partial, file);
}

export async function writeGzipFile(file: string, blocks: Iterable<Uint8Array>): Promise<void> {
  try {
    await pipeline(Readable.from(blocks), createGzip(), createWriteStream(file));
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
}

/**
 * Holds a state folder's lock file the way its owner takes it (`wx`, our pid inside, a dead holder's lock taken
 * over), so that owner cannot start on the folder while a backup reads it or a restore writes it.
 */
export function holdLockFile(lockPath: string, inUse: (pid: number) => string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number.parseInt(readFileSync(lockPath, "utf8"), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isProcessAlive(holder))
        throw new BackupError(inUse(holder));
      rmSync(lockPath, { force: true });
    }
  }
  throw new BackupError(`Could not take the lock ${lockPath}; another process keeps taking it.`);
}

/** `2026-05-01T09-30-00Z`: sorts by time and is a valid file name everywhere. */
export function formatTimestamp(now: Date): string {
  return now
    .toISOString()
    .replace(/\.\d+Z$/, "Z")
    .replaceAll(":", "-");
}

export function defaultBackupFile(folder: string, kind: BackupKind, now: Date = new Date()): string {
  return join(folder, `academy-${kind}-${formatTimestamp(now)}${kind === "pglite" ? ".tar.gz" : ".dump"}`);
}

/** The first line of a tool's error output, for a one-line failure message. */
export function firstLine(text: string): string {
  return (
    text
      .split("\n")
      .map((line) => line.trim())
      .find((line) => line !== "") ?? ""
  );
}
