import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";

export class DataFolderLockedError extends Error {
  override name = "DataFolderLockedError";
}

/**
 * PGlite is a single-process database: two processes writing one data folder corrupt it. This takes
 * an exclusive lock file in the folder, or throws if a live process already holds it.
 */
const heldHere = new Set<string>();

export function lockDataFolder(folder: string): () => void {
  mkdirSync(folder, { recursive: true });
  const lockPath = join(folder, "academy.lock");
  if (heldHere.has(lockPath)) {
    throw new DataFolderLockedError(`The data folder ${folder} is already open in this process.`);
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldHere.add(lockPath);
      return () => {
        heldHere.delete(lockPath);
        rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number.parseInt(readFileSync(lockPath, "utf8"), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isProcessAlive(holder)) {
        throw new DataFolderLockedError(
          `The data folder ${folder} is in use by another process (pid ${holder}). Stop that process, or set DATA_DIR to another folder.`,
        );
      }
      // The holder died without cleaning up (a pid equal to ours is a previous life of a container
      // whose pid is always the same): the lock is stale, take it over.
      rmSync(lockPath, { force: true });
    }
  }
  throw new DataFolderLockedError(`Could not lock the data folder ${folder}; another process keeps taking it.`);
}

/** True while process `pid` runs (on this machine): a lock it left is still held. */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
