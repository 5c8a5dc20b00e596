import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import type { AstroIntegration } from "astro";

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
const COMPRESSIBLE = /\.(html|css|js|mjs|json|xml|svg|txt|webmanifest)$/;

/** Writes .br and .gz beside every text file of the static output, so the server never compresses per request. */
export function precompress(): AstroIntegration {
  return {
    name: "academy:precompress",
    hooks: {
      "astro:build:done": async ({ dir, logger }) => {
        const root = fileURLToPath(dir);
        const files = (await listFiles(root)).filter((file) => COMPRESSIBLE.test(file));
        let count = 0;
        // zlib's async calls run on libuv's thread pool: a few at a time keeps every core busy.
        for (let start = 0; start < files.length; start += 16) {
          const batch = files.slice(start, start + 16);
          const done = await Promise.all(batch.map(compressFile));
          count += done.filter(Boolean).length;
        }
        logger.info(`precompressed ${count} files (brotli and gzip)`);
      },
    },
  };
}

async function compressFile(file: string): Promise<boolean> {
  const body = await readFile(file);
  if (body.length < 512) return false;
  const [br, gz] = await Promise.all([
    brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 10 } }),
    gzipAsync(body, { level: 9 }),
  ]);
  await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gz)]);
  return true;
}

async function listFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}
