import { describe, expect, it } from "vitest";
import { deriveAdvisoryLock, toLockParameters } from "./database-adapter.ts";

describe("deriveAdvisoryLock", () => {
  it("gives every process the same int4 key pair for a name", () => {
    const lock = deriveAdvisoryLock("campaign:launch");
    expect(lock).toEqual(deriveAdvisoryLock("campaign:launch"));
    expect(Number.isInteger(lock.objectId)).toBe(true);
    expect(lock.objectId).toBeGreaterThanOrEqual(-(2 ** 31));
    expect(lock.objectId).toBeLessThan(2 ** 31);
  });

  it("keeps campaigns apart", () => {
    expect(deriveAdvisoryLock("campaign:launch").objectId).not.toBe(deriveAdvisoryLock("campaign:spring").objectId);
  });

  it("reads back as the unsigned oids pg_locks shows", () => {
    const [classId, objectId] = toLockParameters({ classId: 1, objectId: -1 });
    expect(classId).toBe(1);
    expect(objectId).toBe(2 ** 32 - 1);
  });
});
