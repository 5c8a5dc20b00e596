import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DataFolderLockedError, lockDataFolder } from "./lock.ts";

const freshFolder = () => mkdtempSync(join(tmpdir(), "academy-lock-"));

describe("lockDataFolder", () => {
  it("refuses a folder this process already holds, and frees it on release", () => {
    const folder = freshFolder();
    const release = lockDataFolder(folder);
    expect(() => lockDataFolder(folder)).toThrow(DataFolderLockedError);
    release();
    expect(existsSync(join(folder, "academy.lock"))).toBe(false);
    lockDataFolder(folder)();
  });

  it("refuses a folder held by another live process, naming it and what to do", () => {
    const folder = freshFolder();
    // pid 1 is always alive (init), so it stands in for a second server.
    writeFileSync(join(folder, "academy.lock"), "1");
    expect(() => lockDataFolder(folder)).toThrow(/in use by another process \(pid 1\).*DATA_DIR/);
  });

  it("takes over a lock left by a process that died", () => {
    const folder = freshFolder();
    writeFileSync(join(folder, "academy.lock"), "999999999");
    const release = lockDataFolder(folder);
    release();
  });
});
