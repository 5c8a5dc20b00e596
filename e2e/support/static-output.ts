import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliDecompressSync, gunzipSync } from "node:zlib";

const CLIENT = fileURLToPath(new URL("../../apps/web/dist/client/", import.meta.url));
const PICTURES = /\.(jpe?g|png|avif|webp|gif|ico|woff2?)$/;

/**
 * Every file the build wrote for the public, as text: pages, feeds, scripts, and the search index (Pagefind's
 * files and the precompressed twins are decompressed, so a phrase inside them is found too). Pictures are skipped.
 */
export function readStaticOutput(): { path: string; text: string }[] {
  const files = readdirSync(CLIENT, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
  return files.flatMap((entry) => {
    const path = join(entry.parentPath, entry.name);
    if (PICTURES.test(entry.name)) return [];
    let bytes = readFileSync(path);
    if (entry.name.endsWith(".br")) bytes = brotliDecompressSync(bytes);
    else if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
    return [{ path: relative(CLIENT, path), text: bytes.toString("utf8") }];
  });
}
