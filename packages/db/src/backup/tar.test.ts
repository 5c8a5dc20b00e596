import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readTar, type TarEntry, TarFormatError, writeTar } from "./tar.ts";

const concat = (blocks: Uint8Array[]) => Buffer.concat(blocks);
const longName = `${"deep/".repeat(30)}file.json`;

const entries: TarEntry[] = [
  { type: "directory", name: "folder", mode: 0o700 },
  { type: "file", name: "folder/empty", data: new Uint8Array(0) },
  { type: "file", name: "folder/block", data: new Uint8Array(512).fill(7), mode: 0o600 },
  { type: "file", name: "folder/odd", data: new TextEncoder().encode("naïve ✓\n") },
  { type: "file", name: longName, data: new TextEncoder().encode("{}") },
];

describe("tar", () => {
  it("reads back what it wrote: names (long ones too), folders, modes and bytes", () => {
    const read = readTar(concat(writeTar(entries)));
    expect(read.map((entry) => [entry.type, entry.name, entry.mode])).toEqual([
      ["directory", "folder/", 0o700],
      ["file", "folder/empty", 0o644],
      ["file", "folder/block", 0o600],
      ["file", "folder/odd", 0o644],
      ["file", longName, 0o644],
    ]);
    const data = read.flatMap((entry) => (entry.type === "file" ? [Buffer.from(entry.data).toString("hex")] : []));
    expect(data).toEqual(
      entries.flatMap((entry) => (entry.type === "file" ? [Buffer.from(entry.data).toString("hex")] : [])),
    );
  });

  it("writes an archive the system tar extracts", () => {
    const folder = mkdtempSync(join(tmpdir(), "academy-tar-"));
    try {
      const archive = join(folder, "archive.tar");
      writeFileSync(archive, concat(writeTar(entries)));
      const extracted = spawnSync("tar", ["-xf", archive, "-C", folder], { encoding: "utf8" });
      expect(extracted.stderr).toBe("");
      expect(readFileSync(join(folder, "folder/odd"), "utf8")).toBe("naïve ✓\n");
      expect(readFileSync(join(folder, longName), "utf8")).toBe("{}");
      expect(statSync(join(folder, "folder/block")).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("refuses a damaged header and a path too long for ustar", () => {
    const archive = concat(writeTar(entries));
    archive[10] = (archive[10] ?? 0) ^ 0xff;
    expect(() => readTar(archive)).toThrow(TarFormatError);
    expect(() => writeTar([{ type: "file", name: "x".repeat(101), data: new Uint8Array(1) }])).toThrow(/too long/);
  });
});
