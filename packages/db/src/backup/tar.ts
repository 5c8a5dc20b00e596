/**
 * A small ustar writer and reader: enough for our own backups (regular files and folders), so a backup is a
 * plain `.tar.gz` that `tar -tzf` lists, without a tar dependency. Symlinks, devices and pax headers are
 * neither written nor accepted.
 *
 * @example
 * const archive = writeTar([{ name: "notes/", type: "directory" }, { name: "notes/a.txt", data: bytes }]);
 * for (const entry of readTar(archive)) console.log(entry.name, entry.data.length);
 */

export type TarEntry =
  | { type: "file"; name: string; data: Uint8Array; mode?: number; modifiedAt?: Date }
  | { type: "directory"; name: string; mode?: number; modifiedAt?: Date };

const BLOCK = 512;
const NAME_LENGTH = 100;
const PREFIX_LENGTH = 155;
// 11 octal digits: the largest size a plain ustar header can hold (8 GiB - 1).
const MAX_SIZE = 0o77777777777;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class TarFormatError extends Error {
  override name = "TarFormatError";
}

/** The archive as blocks: a header per entry, its data padded to 512 bytes, then two empty blocks. */
export function writeTar(entries: Iterable<TarEntry>): Uint8Array[] {
  const blocks: Uint8Array[] = [];
  for (const entry of entries) {
    const data = entry.type === "file" ? entry.data : new Uint8Array(0);
    blocks.push(writeHeader(entry, data.length));
    if (data.length > 0) {
      blocks.push(data);
      const padding = (BLOCK - (data.length % BLOCK)) % BLOCK;
      if (padding > 0) blocks.push(new Uint8Array(padding));
    }
  }
  blocks.push(new Uint8Array(BLOCK * 2));
  return blocks;
}

/** The entries of an uncompressed tar archive; throws a TarFormatError on anything but files and folders. */
export function readTar(archive: Uint8Array): TarEntry[] {
  const entries: TarEntry[] = [];
  let offset = 0;
  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    const checksum = readOctal(header, 148, 8);
    if (checksum !== computeChecksum(header)) {
      throw new TarFormatError(`The archive is damaged: a header checksum fails at byte ${offset}.`);
    }
    const name = joinName(readString(header, 345, PREFIX_LENGTH), readString(header, 0, NAME_LENGTH));
    const mode = readOctal(header, 100, 8);
    const modifiedAt = new Date(readOctal(header, 136, 12) * 1000);
    const size = readOctal(header, 124, 12);
    const typeFlag = String.fromCharCode(header[156] ?? 0);
    offset += BLOCK;
    if (typeFlag === "5") {
      entries.push({ type: "directory", name, mode, modifiedAt });
    } else if (typeFlag === "0" || typeFlag === "\0") {
      if (offset + size > archive.length) throw new TarFormatError(`The archive is cut short inside ${name}.`);
      entries.push({ type: "file", name, mode, modifiedAt, data: archive.slice(offset, offset + size) });
    } else {
      throw new TarFormatError(
        `The archive holds ${name} of tar type "${typeFlag}"; only files and folders are expected.`,
      );
    }
    offset += Math.ceil(size / BLOCK) * BLOCK;
  }
  return entries;
}

function writeHeader(entry: TarEntry, size: number): Uint8Array {
  if (size > MAX_SIZE) throw new TarFormatError(`${entry.name} is too large for a tar entry (${size} bytes).`);
  const header = new Uint8Array(BLOCK);
  const name = entry.type === "directory" && !entry.name.endsWith("/") ? `${entry.name}/` : entry.name;
  const [prefix, rest] = splitName(name);
  writeString(header, 0, NAME_LENGTH, rest);
  writeOctal(header, 100, 8, (entry.mode ?? (entry.type === "directory" ? 0o755 : 0o644)) & 0o7777);
  writeOctal(header, 108, 8, 0);
  writeOctal(header, 116, 8, 0);
  writeOctal(header, 124, 12, size);
  writeOctal(header, 136, 12, Math.max(0, Math.floor((entry.modifiedAt ?? new Date(0)).getTime() / 1000)));
  header[156] = (entry.type === "directory" ? "5" : "0").charCodeAt(0);
  writeString(header, 257, 6, "ustar");
  writeString(header, 263, 2, "00");
  writeString(header, 345, PREFIX_LENGTH, prefix);
  // The checksum field counts as spaces while the sum is taken; stored as 6 octal digits, NUL, space.
  const checksum = computeChecksum(header);
  writeString(header, 148, 8, `${checksum.toString(8).padStart(6, "0")}\0 `);
  return header;
}

/** ustar keeps names up to 100 bytes, or 255 split at a slash into a 155-byte prefix and the rest. */
function splitName(name: string): [prefix: string, rest: string] {
  const bytes = encoder.encode(name);
  if (bytes.length <= NAME_LENGTH) return ["", name];
  for (let index = name.indexOf("/"); index !== -1; index = name.indexOf("/", index + 1)) {
    const prefix = name.slice(0, index);
    const rest = name.slice(index + 1);
    if (encoder.encode(prefix).length <= PREFIX_LENGTH && encoder.encode(rest).length <= NAME_LENGTH && rest !== "") {
      return [prefix, rest];
    }
  }
  throw new TarFormatError(`The path ${name} is too long for a tar archive.`);
}

function joinName(prefix: string, name: string): string {
  return prefix === "" ? name : `${prefix}/${name}`;
}

function computeChecksum(header: Uint8Array): number {
  let sum = 0;
  for (let index = 0; index < BLOCK; index++) {
    sum += index >= 148 && index < 156 ? 32 : (header[index] ?? 0);
  }
  return sum;
}

function writeString(header: Uint8Array, offset: number, length: number, value: string): void {
  const bytes = encoder.encode(value);
  if (bytes.length > length) throw new TarFormatError(`"${value}" does not fit in a tar header field.`);
  header.set(bytes, offset);
}

function writeOctal(header: Uint8Array, offset: number, length: number, value: number): void {
  writeString(header, offset, length, `${value.toString(8).padStart(length - 1, "0")}\0`);
}

function readString(header: Uint8Array, offset: number, length: number): string {
  const field = header.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return decoder.decode(end === -1 ? field : field.subarray(0, end));
}

function readOctal(header: Uint8Array, offset: number, length: number): number {
  const text = readString(header, offset, length).trim();
  return text === "" ? 0 : Number.parseInt(text, 8);
}
