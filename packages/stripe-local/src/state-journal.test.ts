import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Customer } from "./objects.ts";
import { openPersistence } from "./persistence.ts";
import { CorruptStateError, segmentName } from "./state-journal.ts";

/** Just enough of a customer for the journal, which stores whatever JSON it is given. */
function makeCustomer(index: number): Customer {
  return { id: `cus_${String(index).padStart(4, "0")}`, email: `runner${index}@example.com` } as Customer;
}

describe("the state journal", () => {
  let statePath: string;
  beforeEach(() => {
    statePath = mkdtempSync(join(tmpdir(), "stripe-local-journal-"));
  });
  afterEach(() => rmSync(statePath, { recursive: true, force: true }));

  const journalPath = () => join(statePath, segmentName(0));
  const listSegments = () => readdirSync(statePath).filter((file) => file.startsWith("journal-"));

  it("folds the journal into a snapshot once it outgrows it, and loads the same objects in the same order", async () => {
    const persistence = await openPersistence(statePath, { minCompactionBytes: 4096 });
    const { customers } = persistence.store;
    for (let index = 0; index < 300; index++) {
      customers.set(makeCustomer(index).id, makeCustomer(index));
      if (index % 10 === 9) await persistence.commit();
    }
    for (let index = 0; index < 300; index += 3) customers.delete(makeCustomer(index).id);
    const renamed = customers.get(makeCustomer(1).id);
    if (renamed) renamed.email = "renamed@example.com";
    await persistence.commit();
    const expected = [...customers.values()].map((customer) => ({ ...customer }));
    await persistence.close();

    expect(existsSync(join(statePath, "snapshot.json"))).toBe(true);
    // One segment left, holding what came after the last fold: at most about the snapshot's size.
    const segments = listSegments();
    expect(segments).toHaveLength(1);
    expect(segments).not.toContain(segmentName(0));
    const snapshotSize = statSync(join(statePath, "snapshot.json")).size;
    expect(statSync(join(statePath, segments[0] ?? "")).size).toBeLessThan(Math.max(4096, snapshotSize) + 2048);

    const reopened = await openPersistence(statePath);
    try {
      expect([...reopened.store.customers.values()]).toEqual(expected);
      expect(reopened.store.customers.get(makeCustomer(1).id)?.email).toBe("renamed@example.com");
    } finally {
      await reopened.close();
    }
  });

  it("skips the journal lines a snapshot already holds (a crash between writing it and cutting the journal)", async () => {
    const first = await openPersistence(statePath);
    for (let index = 0; index < 5; index++) {
      first.store.customers.set(makeCustomer(index).id, makeCustomer(index));
      await first.commit();
    }
    await first.close();
    const oldJournal = readFileSync(journalPath(), "utf8");

    // The next commit starts a new segment and folds everything into a snapshot; the old segment goes.
    const second = await openPersistence(statePath, { minCompactionBytes: 1 });
    for (const customer of second.store.customers.values()) customer.email = "changed@example.com";
    for (const id of second.store.customers.keys()) second.touch({ id });
    await second.commit();
    await second.close();
    expect(listSegments()).toEqual([segmentName(6)]);

    // As if the crash came after the snapshot was in place and before the old segment was removed.
    writeFileSync(journalPath(), oldJournal);
    const third = await openPersistence(statePath);
    try {
      expect([...third.store.customers.values()].map((customer) => customer.email)).toEqual(
        Array(5).fill("changed@example.com"),
      );
      expect(listSegments()).toEqual([segmentName(6)]);
    } finally {
      await third.close();
    }
  });

  it("refuses a journal with a commit missing from the middle", async () => {
    const persistence = await openPersistence(statePath);
    for (let index = 0; index < 3; index++) {
      persistence.store.customers.set(makeCustomer(index).id, makeCustomer(index));
      await persistence.commit();
    }
    await persistence.close();
    const lines = readFileSync(journalPath(), "utf8").split("\n");
    writeFileSync(journalPath(), [lines[0], lines[2], ""].join("\n"));

    await expect(openPersistence(statePath)).rejects.toThrow(CorruptStateError);
    await expect(openPersistence(statePath)).rejects.toThrow("jumps from commit 1 to 3");
  });

  it("writes nothing for a commit that changed nothing, even after reading everything", async () => {
    const persistence = await openPersistence(statePath);
    persistence.store.customers.set(makeCustomer(1).id, makeCustomer(1));
    await persistence.commit();
    const size = statSync(journalPath()).size;
    persistence.store.customers.get(makeCustomer(1).id);
    persistence.touch({ id: makeCustomer(1).id });
    await persistence.commit();
    await persistence.close();
    expect(statSync(journalPath()).size).toBe(size);
  });
});
