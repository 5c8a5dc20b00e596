/**
 * Keeping the stand-in's state across restarts and crashes (the `statePath` option): the objects, the
 * idempotency keys, the events still waiting for webhook delivery and the simulated clock's lead.
 *
 * Every collection of the store becomes a map that notes the ids it stores, removes or hands out by id
 * (`get`); a new event notes the object it is about; `engine.touch()` covers an object changed after being
 * found by scanning a collection, when no event names it. A commit serialises the noted objects, keeps the
 * ones whose JSON differs from what was last written, and appends them as one journal line
 * (`state-journal.ts`). Scanning a collection notes nothing, so the sweep each request runs over every
 * subscription and Checkout Session costs no serialisation. The server commits before it answers, so what
 * a response acknowledges is on disk; events go out to the webhook only once they are on disk, so the app
 * never hears of an object a crash could take back.
 *
 * @example
 * const persistence = await openPersistence(".data/stripe-local");
 * persistence.connect({ clockOffsetMs: () => clock.offsetMs(), deliver: (event) => dispatcher.enqueue(event) });
 * // … change persistence.store …
 * await persistence.commit(); // on disk now
 */
import type { IdempotencyRecord } from "./idempotency.ts";
import type { StripeEvent } from "./objects.ts";
import { openStateJournal, type StateChange, type StateJournal, type StateJournalOptions } from "./state-journal.ts";
import { createStore, type Store } from "./store.ts";

// Collections of the persistence layer itself, beside the store's (whose names are the Store's fields).
const IDEMPOTENCY_KEYS = "$idempotencyKeys";
const WEBHOOK_OUTBOX = "$webhookOutbox";
const SETTINGS = "$settings";
const CLOCK_OFFSET = "clockOffsetMs";
const PORT = "port";

/** A map that notes which ids were stored, removed or handed out by id since the last commit. */
class TrackedMap<V> extends Map<string, V> {
  readonly #note: (id: string) => void;

  constructor(note: (id: string) => void) {
    super();
    this.#note = note;
  }

  override get(id: string): V | undefined {
    const value = super.get(id);
    if (value !== undefined) this.#note(id);
    return value;
  }

  override set(id: string, value: V): this {
    super.set(id, value);
    this.#note(id);
    return this;
  }

  override delete(id: string): boolean {
    const deleted = super.delete(id);
    if (deleted) this.#note(id);
    return deleted;
  }

  override clear(): void {
    for (const id of super.keys()) this.#note(id);
    super.clear();
  }

  /** Reads without noting: for the commit itself. */
  peek(id: string): V | undefined {
    return super.get(id);
  }

  /** Stores without noting: for loading what is already on disk. */
  restore(id: string, value: V): void {
    super.set(id, value);
  }
}

class TrackedSet extends Set<string> {
  readonly #note: (id: string) => void;

  constructor(note: (id: string) => void) {
    super();
    this.#note = note;
  }

  override add(id: string): this {
    super.add(id);
    this.#note(id);
    return this;
  }

  override delete(id: string): boolean {
    const deleted = super.delete(id);
    if (deleted) this.#note(id);
    return deleted;
  }

  override clear(): void {
    for (const id of super.values()) this.#note(id);
    super.clear();
  }

  // A member is stored as `true`, an absent one not at all.
  peek(id: string): true | undefined {
    return this.has(id) ? true : undefined;
  }

  restore(id: string): void {
    super.add(id);
  }
}

type TrackedCollection = TrackedMap<unknown> | TrackedSet;

export interface PersistenceHooks {
  /** The simulated clock's lead over its base clock, kept so that `advanceTime()` outlives a restart. */
  clockOffsetMs(): number;
  /** Hands an event to webhook delivery; false when nothing will deliver it (no webhook URL). */
  deliver(event: StripeEvent): boolean;
}

export interface Persistence {
  readonly path: string;
  /** The store, with what was on disk. */
  readonly store: Store;
  /** Completed idempotent requests, to hand to `createIdempotencyStore`. */
  readonly idempotencyRecords: Map<string, IdempotencyRecord>;
  /** The clock's lead when the state was last written (0 for a new folder). */
  readonly clockOffsetMs: number;
  /** The port picked when the state was first served, so saved hosted-page URLs keep working. */
  readonly port: number | null;
  rememberPort(port: number): void;
  connect(hooks: PersistenceHooks): void;
  /** The engine's event sink: notes the event's object, and delivers the event once it is on disk. */
  recordEvent(event: StripeEvent): void;
  /** The dispatcher is done with an event (delivered, or out of attempts): it leaves the outbox. */
  finishDelivery(event: StripeEvent): void;
  /** Hands the events whose delivery a stop or crash interrupted back to the dispatcher. */
  resumeDeliveries(): void;
  /** Notes an object changed without being fetched by id, stored or named in an event. */
  touch(object: { id: string }): void;
  /** Writes what changed since the last commit; resolves once every commit so far is on disk. */
  commit(): Promise<void>;
  /** Commits what is left (warning about changes nobody noted) and releases the folder. */
  close(): Promise<void>;
}

export async function openPersistence(path: string, options: StateJournalOptions = {}): Promise<Persistence> {
  const store = createStore();
  const collections = new Map<string, TrackedCollection>();
  const noted = new Map<string, Set<string>>();
  const noter = (name: string) => (id: string) => noteChange(noted, name, id);
  // Every Map and Set of the store, whatever it holds: a collection added to the store later is kept too.
  const fields = store as unknown as Record<string, unknown>;
  for (const [name, value] of Object.entries(fields)) {
    if (value instanceof Map) fields[name] = new TrackedMap(noter(name));
    else if (value instanceof Set) fields[name] = new TrackedSet(noter(name));
    else continue;
    collections.set(name, fields[name] as TrackedCollection);
  }
  const storeCollections = [...collections];
  const idempotencyRecords = new TrackedMap<IdempotencyRecord>(noter(IDEMPOTENCY_KEYS));
  const outbox = new TrackedMap<true>(noter(WEBHOOK_OUTBOX));
  const settings = new TrackedMap<number>(noter(SETTINGS));
  collections.set(IDEMPOTENCY_KEYS, idempotencyRecords as TrackedMap<unknown>);
  collections.set(WEBHOOK_OUTBOX, outbox as TrackedMap<unknown>);
  collections.set(SETTINGS, settings as TrackedMap<unknown>);

  // What was last written, as JSON, per collection and in creation order: the base of every comparison
  // and the text of the next snapshot. Collections this version does not know are carried along unchanged.
  const written = new Map<string, Map<string, string>>();
  const { loaded, journal } = await openStateJournal(path, () => written.entries(), options);
  for (const [name, entries] of loaded.collections) {
    const collection = collections.get(name);
    const texts = new Map<string, string>();
    for (const [id, value] of entries) {
      texts.set(id, JSON.stringify(value));
      if (collection instanceof TrackedSet) collection.restore(id);
      else collection?.restore(id, value);
    }
    written.set(name, texts);
  }
  if (loaded.droppedTornLine) {
    console.warn(`stripe-local: dropped an unfinished last commit from ${path} (a crash while writing it).`);
  }
  return createPersistence({
    path,
    store,
    journal,
    collections,
    storeCollections,
    noted,
    written,
    idempotencyRecords,
    outbox,
    settings,
  });
}

interface PersistenceParts {
  path: string;
  store: Store;
  journal: StateJournal;
  collections: Map<string, TrackedCollection>;
  storeCollections: [string, TrackedCollection][];
  noted: Map<string, Set<string>>;
  written: Map<string, Map<string, string>>;
  idempotencyRecords: TrackedMap<IdempotencyRecord>;
  outbox: TrackedMap<true>;
  settings: TrackedMap<number>;
}

function createPersistence(parts: PersistenceParts): Persistence {
  const { journal, collections, noted, written, outbox, settings } = parts;
  let hooks: PersistenceHooks | null = null;
  let closed = false;
  // Events recorded since the last commit: delivered once that commit is on disk.
  let held: StripeEvent[] = [];

  // An id alone does not say its collection (`in_` is an invoice, but a collection added later may use
  // any prefix), and the store has a dozen collections: asking each is cheap.
  const noteId = (id: string) => {
    for (const [name, collection] of parts.storeCollections) {
      if (collection.has(id)) noteChange(noted, name, id);
    }
  };

  const collectChanges = (): StateChange[] => {
    const changes: StateChange[] = [];
    for (const [name, ids] of noted) {
      const collection = collections.get(name);
      let texts = written.get(name);
      if (texts === undefined) {
        texts = new Map();
        written.set(name, texts);
      }
      for (const id of ids) {
        const value = collection?.peek(id);
        const json = value === undefined ? null : JSON.stringify(value);
        if (json === (texts.get(id) ?? null)) continue;
        if (json === null) texts.delete(id);
        else texts.set(id, json);
        changes.push([name, id, json]);
      }
    }
    noted.clear();
    return changes;
  };

  const deliver = (events: StripeEvent[]) => {
    for (const event of events) {
      if (hooks?.deliver(event) !== true) outbox.delete(event.id);
    }
  };

  const commit = (): Promise<void> => {
    if (closed) return Promise.resolve();
    if (hooks !== null) settings.set(CLOCK_OFFSET, hooks.clockOffsetMs());
    journal.append(collectChanges());
    const released = held;
    held = [];
    const durable = journal.flushed();
    // Out once on disk. A failed write is for the caller to report, and then nothing goes out.
    if (released.length > 0) durable.then(() => deliver(released), ignore);
    return durable;
  };

  // Changes nobody noted (an object found by scanning and changed with no event) are saved at a clean
  // stop; the warning says where a crash would have lost them.
  const commitUnnoted = () => {
    const unnoted: string[] = [];
    for (const [name, collection] of parts.storeCollections) {
      const texts = written.get(name);
      const ids = new Set([...collection.keys(), ...(texts?.keys() ?? [])]);
      for (const id of ids) {
        const value = collection.peek(id);
        const json = value === undefined ? null : JSON.stringify(value);
        if (json === (texts?.get(id) ?? null)) continue;
        unnoted.push(`${name} ${id}`);
        noteChange(noted, name, id);
      }
    }
    if (unnoted.length > 0) {
      console.warn(
        `stripe-local: ${unnoted.length} change(s) reached ${parts.path} only at stop, not when they were made ` +
          `(${unnoted.slice(0, 5).join(", ")}): fetch the object by id, name it in an event, or call engine.touch().`,
      );
    }
  };

  return {
    path: parts.path,
    store: parts.store,
    idempotencyRecords: parts.idempotencyRecords,
    clockOffsetMs: settings.peek(CLOCK_OFFSET) ?? 0,
    port: settings.peek(PORT) ?? null,
    rememberPort(port) {
      settings.set(PORT, port);
    },
    connect(next) {
      hooks = next;
    },
    recordEvent(event) {
      const objectId = (event.data.object as { id?: unknown } | null)?.id;
      if (typeof objectId === "string") noteId(objectId);
      if (event.pending_webhooks > 0) outbox.set(event.id, true);
      held.push(event);
    },
    finishDelivery(event) {
      if (closed) return;
      outbox.delete(event.id);
      noteId(event.id);
      commit().catch((error: unknown) => console.error("stripe-local: could not save a webhook delivery", error));
    },
    resumeDeliveries() {
      const events = parts.store.events as TrackedMap<StripeEvent>;
      const resumed: StripeEvent[] = [];
      for (const id of [...outbox.keys()]) {
        const event = events.peek(id);
        if (event === undefined) outbox.delete(id);
        else resumed.push(event);
      }
      deliver(resumed);
    },
    touch(object) {
      noteId(object.id);
    },
    commit,
    async close() {
      if (closed) return;
      commitUnnoted();
      try {
        await commit();
      } finally {
        closed = true;
        await journal.close();
      }
    },
  };
}

function noteChange(noted: Map<string, Set<string>>, name: string, id: string): void {
  const ids = noted.get(name);
  if (ids === undefined) noted.set(name, new Set([id]));
  else ids.add(id);
}

function ignore(): void {}
