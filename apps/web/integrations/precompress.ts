import { readdir, readFile, writeFile } from "node:fs/promises";
import { join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import type { AstroIntegration } from "astro";

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
const COMPRESSIBLE = /\.(html|css|js|mjs|json|xml|svg|txt|webmanifest)$/;
// Quality 6, not 10/11: an article page comes out 8% larger, but compresses ~15× faster, which keeps a
// 2,000-article build within its time budget (bench/content/build-throughput.mjs).
const BROTLI_QUALITY = 6;
// zlib's async calls run on libuv's thread pool: a few files in flight keep every core busy.
const IN_FLIGHT = 8;

/** Output that another integration is still writing during `astro:build:done`, compressed once it is done. */
export interface PendingOutput {
  /** Its folder, relative to the static output. */
  folder: string;
  done: () => Promise<void>;
}

/**
 * Writes .br and .gz beside every text file of the static output, so the server never compresses per
 * request. Folders listed in `waitFor` are compressed last, after their writer finishes, so that slow
 * post-build work (the search index) runs at the same time as the rest of the compression.
 */
export function precompress(options: { waitFor?: PendingOutput[] } = {}): AstroIntegration {
  const pending = options.waitFor ?? [];
  return {
    name: "academy:precompress",
    hooks: {
      "astro:build:done": async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const later = pending.map((output) => join(root, output.folder) + sep);
        const files = (await listFiles(root)).filter((file) => !later.some((folder) => file.startsWith(folder)));
        let count = await compressAll(files);
        for (const [index, output] of pending.entries()) {
          await output.done();
          count += await compressAll(await listFiles(later[index] ?? root));
        }
        logger.info(`precompressed ${count} files (brotli and gzip)`);
      },
    },
  };
}

async function compressAll(files: string[]): Promise<number> {
  const queue = files.filter((file) => COMPRESSIBLE.test(file));
  let count = 0;
  const worker = async () => {
    for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
      if (await compressFile(file)) count++;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return count;
}

async function compressFile(file: string): Promise<boolean> {
  const twins = await compressText(await readFile(file));
  if (!twins) return false;
  await Promise.all([writeFile(`${file}.br`, twins.br), writeFile(`${file}.gz`, twins.gzip)]);
  return true;
}

/**
 * The brotli and gzip twins of a text file, as the build writes them; undefined for a body too small to gain
 * from compression. The server makes them again, the same way, for the files it rewrites at start.
 */
export async function compressText(body: Buffer): Promise<{ br: Buffer; gzip: Buffer } | undefined> {
  if (body.length < 512) return undefined;
  const [br, gzip] = await Promise.all([
    brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } }),
    gzipAsync(body, { level: 9 }),
  ]);
  return { br, gzip };
}

async function listFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}
