/**
 * The disk side of persistence: a folder holding `snapshot.json` (every object, as of one commit) and
 * journal segments `journal-<n>.ndjson` (the commits since, one line each, appended and fsynced). A line is
 * `<crc32 hex> {"seq":N,"changes":[[collection, id, object | null], …]}`: the full new image of each object
 * a commit changed, or null for a removal, so replaying lines in order rebuilds the state and a line is
 * applied whole or not at all. A crash can tear only the last line (a single writer appends after the
 * previous write was synced): that line is dropped at the next start, since its commit was never
 * acknowledged. When the journal outgrows the snapshot, the writer moves on to a new segment
 * (`journal-<seq>.ndjson`, named after the commit the next snapshot holds) and writes that snapshot beside
 * it, aside and then renamed into place; the older segments go once it is on disk. Commits keep being
 * written meanwhile, and start-up reads at most about twice the live state.
 */
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeSync,
} from "node:fs";
import { type FileHandle, open, rename } from "node:fs/promises";
import { join } from "node:path";
import { crc32 } from "node:zlib";

/** One changed object in a commit: its collection, its id, and its JSON, or null once it is gone. */
export type StateChange = readonly [collection: string, id: string, json: string | null];

/** Every collection as `id → JSON text`, in creation order, to write a snapshot from. */
export type SnapshotSource = () => Iterable<
  readonly [collection: string, entries: Iterable<readonly [string, string]>]
>;

export interface LoadedState {
  /** `collection → id → object`, in the order the objects were first stored. */
  collections: Map<string, Map<string, unknown>>;
  /** Whether a torn last line (a commit a crash cut short) was dropped. */
  droppedTornLine: boolean;
}

export interface StateJournal {
  readonly path: string;
  /** Queues a commit to be written; `flushed()` says when it is on disk. */
  append(changes: readonly StateChange[]): void;
  /** Resolves once every commit appended so far is written and fsynced; rejects once a write has failed. */
  flushed(): Promise<void>;
  /** Writes what is queued, closes the files and releases the folder. */
  close(): Promise<void>;
}

export interface StateJournalOptions {
  /** The journal is folded into a new snapshot once it is larger than this and than the snapshot. */
  minCompactionBytes?: number;
}

export class StateFolderLockedError extends Error {
  override name = "StateFolderLockedError";
}

export class CorruptStateError extends Error {
  override name = "CorruptStateError";
}

const SNAPSHOT_FILE = "snapshot.json";
const SEGMENT_PATTERN = /^journal-(\d+)\.ndjson$/;
const LOCK_FILE = "stripe-local.lock";
const FORMAT_VERSION = 1;
// Below this the journal is never folded: a snapshot per handful of commits would cost more than it saves.
const MIN_COMPACTION_BYTES = 4 * 1024 * 1024;
// Snapshots are written in pieces of about this size, so that a large one never sits whole in memory.
const SNAPSHOT_CHUNK_CHARS = 1024 * 1024;

const heldHere = new Set<string>();

/** The journal segment that follows the snapshot of commit `seq`. */
export function segmentName(seq: number): string {
  return `journal-${seq}.ndjson`;
}

/**
 * Opens (creating it if needed) the state folder at `path`: takes its lock, reads the snapshot, replays the
 * journal and cuts off a torn last line. `snapshotSource` is read when the journal is folded into a new
 * snapshot; it must describe exactly the state after the last `append`.
 */
export async function openStateJournal(
  path: string,
  snapshotSource: SnapshotSource,
  options: StateJournalOptions = {},
): Promise<{ loaded: LoadedState; journal: StateJournal }> {
  mkdirSync(path, { recursive: true });
  const releaseLock = lockStateFolder(path);
  try {
    const snapshot = readSnapshot(join(path, SNAPSHOT_FILE));
    const segments = listSegments(path);
    let seq = snapshot.seq;
    let tornAt: number | null = null;
    for (const [index, segment] of segments.entries()) {
      const replay = replayJournal(join(path, segment.file), snapshot, seq, index === segments.length - 1);
      seq = replay.seq;
      tornAt = replay.tornAt;
    }
    // A segment is spent once the one after it starts at or before the snapshot: a crash came between
    // writing that snapshot and removing it.
    for (const [index, segment] of segments.entries()) {
      const following = segments[index + 1];
      if (following !== undefined && following.number <= snapshot.seq) rmSync(join(path, segment.file));
    }
    const last = segments.at(-1);
    const activePath = join(path, last?.file ?? segmentName(snapshot.seq));
    if (tornAt !== null) truncateSync(activePath, tornAt);
    const handle = await open(activePath, "a");
    if (last === undefined) syncFolder(path);
    const journal = createJournalWriter({
      path,
      segment: { handle, number: last?.number ?? snapshot.seq, bytes: statSync(activePath).size },
      seq,
      snapshotBytes: snapshot.bytes,
      snapshotSource,
      releaseLock,
      minCompactionBytes: options.minCompactionBytes ?? MIN_COMPACTION_BYTES,
    });
    return {
      loaded: { collections: snapshot.collections, droppedTornLine: tornAt !== null },
      journal,
    };
  } catch (error) {
    releaseLock();
    throw error;
  }
}

function listSegments(path: string): { file: string; number: number }[] {
  const segments: { file: string; number: number }[] = [];
  for (const file of readdirSync(path)) {
    const match = SEGMENT_PATTERN.exec(file);
    if (match?.[1] !== undefined) segments.push({ file, number: Number(match[1]) });
  }
  return segments.sort((a, b) => a.number - b.number);
}

interface Snapshot {
  seq: number;
  bytes: number;
  collections: Map<string, Map<string, unknown>>;
}

function readSnapshot(snapshotPath: string): Snapshot {
  let text: string;
  try {
    text = readFileSync(snapshotPath, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { seq: 0, bytes: 0, collections: new Map() };
    throw error;
  }
  let parsed: { version?: unknown; seq?: unknown; collections?: unknown };
  try {
    parsed = JSON.parse(text);
  } catch {
    // Snapshots are renamed into place whole, so this is not a crash but a damaged or edited file.
    throw new CorruptStateError(`stripe-local: ${snapshotPath} is not valid JSON; restore it or remove the folder.`);
  }
  if (parsed.version !== FORMAT_VERSION || typeof parsed.seq !== "number" || typeof parsed.collections !== "object") {
    throw new CorruptStateError(
      `stripe-local: ${snapshotPath} is not a stripe-local snapshot (format ${FORMAT_VERSION}).`,
    );
  }
  const collections = new Map<string, Map<string, unknown>>();
  for (const [name, entries] of Object.entries(parsed.collections as Record<string, [string, unknown][]>)) {
    collections.set(name, new Map(entries));
  }
  return { seq: parsed.seq, bytes: Buffer.byteLength(text), collections };
}

interface Replay {
  seq: number;
  /** Byte offset of a torn last line, to cut the file at; null when the segment ends cleanly. */
  tornAt: number | null;
}

/** Applies a segment's commits after `seq` to the snapshot's collections. */
function replayJournal(journalPath: string, snapshot: Snapshot, startSeq: number, isLast: boolean): Replay {
  const buffer = readFileSync(journalPath);
  let seq = startSeq;
  let offset = 0;
  let lineNumber = 0;
  while (offset < buffer.length) {
    lineNumber++;
    const end = buffer.indexOf(0x0a, offset);
    const commit = end === -1 ? null : decodeLine(buffer.subarray(offset, end));
    if (commit === null) {
      // A crash tears only the end of the file (a partial line, or blocks the file system had not filled
      // in); a whole line after a bad one means the file was damaged, and starting anyway would lose it.
      // Older segments were complete and synced before the writer left them.
      if (isLast && !hasValidLineAfter(buffer, end)) return { seq, tornAt: offset };
      throw new CorruptStateError(
        `stripe-local: line ${lineNumber} of ${journalPath} is damaged and later lines follow it; restore the folder or remove it.`,
      );
    }
    offset = end + 1;
    // Lines at or below the snapshot's seq are already in it (a crash came before their segment was removed).
    if (commit.seq <= seq) continue;
    if (commit.seq !== seq + 1) {
      throw new CorruptStateError(
        `stripe-local: ${journalPath} jumps from commit ${seq} to ${commit.seq} at line ${lineNumber}; restore the folder or remove it.`,
      );
    }
    seq = commit.seq;
    for (const [name, id, object] of commit.changes) {
      let collection = snapshot.collections.get(name);
      if (collection === undefined) {
        collection = new Map();
        snapshot.collections.set(name, collection);
      }
      if (object === null) collection.delete(id);
      else collection.set(id, object);
    }
  }
  return { seq, tornAt: null };
}

function hasValidLineAfter(buffer: Buffer, lineEnd: number): boolean {
  if (lineEnd === -1) return false;
  let start = lineEnd + 1;
  while (start < buffer.length) {
    const end = buffer.indexOf(0x0a, start);
    if (end === -1) return false;
    if (decodeLine(buffer.subarray(start, end)) !== null) return true;
    start = end + 1;
  }
  return false;
}

interface DecodedCommit {
  seq: number;
  changes: [string, string, unknown][];
}

function decodeLine(line: Buffer): DecodedCommit | null {
  const space = line.indexOf(0x20);
  if (space !== 8) return null;
  const body = line.subarray(space + 1);
  if (line.subarray(0, space).toString("latin1") !== formatChecksum(body)) return null;
  try {
    const commit = JSON.parse(body.toString("utf8")) as DecodedCommit;
    return typeof commit.seq === "number" && Array.isArray(commit.changes) ? commit : null;
  } catch {
    return null;
  }
}

function encodeLine(seq: number, changes: readonly StateChange[]): string {
  const items = changes.map(([name, id, json]) => `[${JSON.stringify(name)},${JSON.stringify(id)},${json ?? "null"}]`);
  const body = `{"seq":${seq},"changes":[${items.join(",")}]}`;
  return `${formatChecksum(Buffer.from(body, "utf8"))} ${body}\n`;
}

function formatChecksum(body: Uint8Array): string {
  return crc32(body).toString(16).padStart(8, "0");
}

interface Segment {
  handle: FileHandle;
  /** The snapshot commit it follows (its file name). */
  number: number;
  bytes: number;
}

interface JournalWriterOptions {
  path: string;
  segment: Segment;
  seq: number;
  snapshotBytes: number;
  snapshotSource: SnapshotSource;
  releaseLock: () => void;
  minCompactionBytes: number;
}

/**
 * One writer, so lines land in commit order: commits that arrive while a write is in flight are written
 * together by the next one (group commit), which keeps bursts at one fsync per batch, not per request.
 */
function createJournalWriter(options: JournalWriterOptions): StateJournal {
  const { path } = options;
  let segment = options.segment;
  let seq = options.seq;
  let durableSeq = options.seq;
  let snapshotBytes = options.snapshotBytes;
  let pending: string[] = [];
  let writing: Promise<void> | null = null;
  let compaction: Promise<void> | null = null;
  let failure: Error | null = null;
  let closed = false;
  const waiters: { seq: number; resolve: () => void; reject: (error: Error) => void }[] = [];

  const settleWaiters = () => {
    while (waiters.length > 0 && (waiters[0]?.seq ?? Infinity) <= durableSeq) waiters.shift()?.resolve();
  };

  // After a failed write or fsync the file's tail is unknown: refuse every later commit rather than
  // acknowledge one that might not be there after a restart (PostgreSQL does the same).
  const fail = (error: unknown) => {
    failure ??= new Error(`stripe-local: could not write its state to ${path}: ${describeError(error)}`, {
      cause: error,
    });
    for (const waiter of waiters.splice(0)) waiter.reject(failure);
  };

  const writeBatch = async () => {
    const bytes = Buffer.from(pending.join(""), "utf8");
    const batchSeq = seq;
    pending = [];
    for (let written = 0; written < bytes.length; ) {
      written += (await segment.handle.write(bytes, written, bytes.length - written)).bytesWritten;
    }
    await segment.handle.datasync();
    segment.bytes += bytes.length;
    durableSeq = batchSeq;
  };

  // Moves on to a new segment and writes the snapshot of every commit appended so far in the background;
  // the lines still queued go to the new segment as usual (the snapshot holds them too).
  const startCompaction = async () => {
    const snapshotSeq = seq;
    const collections = [...options.snapshotSource()].map(([name, entries]) => [name, [...entries]] as const);
    const next = await open(join(path, segmentName(snapshotSeq)), "a");
    syncFolder(path);
    const previous = segment;
    segment = { handle: next, number: snapshotSeq, bytes: 0 };
    await previous.handle.close();
    compaction = writeSnapshot(path, snapshotSeq, collections)
      .then((bytes) => {
        snapshotBytes = bytes;
        for (const old of listSegments(path)) {
          if (old.number < snapshotSeq) rmSync(join(path, old.file), { force: true });
        }
      })
      .catch(fail)
      .finally(() => {
        compaction = null;
      });
  };

  const run = async () => {
    try {
      while (pending.length > 0 && failure === null) {
        await writeBatch();
        settleWaiters();
        const due = segment.bytes > Math.max(options.minCompactionBytes, snapshotBytes);
        if (due && compaction === null && !closed) await startCompaction();
      }
    } catch (error) {
      fail(error);
    } finally {
      writing = null;
    }
  };

  const kick = () => {
    if (writing === null && failure === null && pending.length > 0) writing = run();
  };

  const flushed = (): Promise<void> => {
    if (failure !== null) return Promise.reject(failure);
    if (durableSeq >= seq) return Promise.resolve();
    return new Promise((resolve, reject) => {
      waiters.push({ seq, resolve, reject });
      kick();
    });
  };

  return {
    path,
    append(changes) {
      if (closed) throw new Error("stripe-local: the state journal is closed.");
      if (changes.length === 0) return;
      seq += 1;
      pending.push(encodeLine(seq, changes));
      kick();
    },
    flushed,
    async close() {
      if (closed) return;
      try {
        if (failure === null) await flushed();
      } finally {
        closed = true;
        await writing;
        await compaction;
        await segment.handle.close();
        options.releaseLock();
      }
    },
  };
}

type SnapshotCollections = (readonly [string, readonly (readonly [string, string])[]])[];

/** Writes the snapshot aside, syncs it and renames it into place; resolves with its size. */
async function writeSnapshot(path: string, seq: number, collections: SnapshotCollections): Promise<number> {
  const snapshotPath = join(path, SNAPSHOT_FILE);
  const temporaryPath = `${snapshotPath}.tmp`;
  const file = await open(temporaryPath, "w");
  let bytes = 0;
  try {
    let chunk = `{"version":${FORMAT_VERSION},"seq":${seq},"collections":{\n`;
    const flush = async () => {
      const buffer = Buffer.from(chunk, "utf8");
      chunk = "";
      for (let written = 0; written < buffer.length; ) {
        written += (await file.write(buffer, written, buffer.length - written)).bytesWritten;
      }
      bytes += buffer.length;
    };
    for (const [index, [name, entries]] of collections.entries()) {
      chunk += `${index === 0 ? "" : ",\n"}${JSON.stringify(name)}:[`;
      for (const [entryIndex, [id, json]] of entries.entries()) {
        chunk += `${entryIndex === 0 ? "" : ",\n"}[${JSON.stringify(id)},${json}]`;
        if (chunk.length >= SNAPSHOT_CHUNK_CHARS) await flush();
      }
      chunk += "]";
    }
    chunk += "}}\n";
    await flush();
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporaryPath, snapshotPath);
  syncFolder(path);
  return bytes;
}

/** Makes a rename durable: the new directory entry is on disk once the folder itself is synced. */
function syncFolder(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    fsyncSync(fd);
  } catch (error) {
    // Some platforms (Windows) cannot open or sync a folder; the rename is as durable as they allow.
    if (!["EISDIR", "EPERM", "EACCES", "EINVAL"].includes((error as NodeJS.ErrnoException).code ?? "")) throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Two processes appending to one journal would interleave and corrupt it: an exclusive lock file, taken
 * over when the process named in it is gone (a crash leaves it behind).
 */
function lockStateFolder(path: string): () => void {
  const lockPath = join(path, LOCK_FILE);
  if (heldHere.has(lockPath)) {
    throw new StateFolderLockedError(`stripe-local: the state folder ${path} is already open in this process.`);
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldHere.add(lockPath);
      return () => {
        if (!heldHere.delete(lockPath)) return;
        rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number.parseInt(readFileSync(lockPath, "utf8"), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isAlive(holder)) {
        throw new StateFolderLockedError(
          `stripe-local: the state folder ${path} is in use by another process (pid ${holder}); one stripe-local at a time keeps its state there.`,
        );
      }
      // A pid equal to ours is a previous life of a container whose pid never changes: stale too.
      rmSync(lockPath, { force: true });
    }
  }
  throw new StateFolderLockedError(`stripe-local: could not lock ${path}; another process keeps taking it.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
