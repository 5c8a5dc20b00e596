import { rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import { close, createIndex } from "pagefind";
import type { PendingOutput } from "./precompress.ts";

const FOLDER = "pagefind";

/**
 * After the build, indexes the public article pages for search with Pagefind, into `pagefind/` of the
 * static output. Only `articles/<slug>/index.html` is read, and within it only `data-pagefind-body`:
 * member pages are rendered on demand and never written there, and listings are not articles.
 *
 * Indexing runs in Pagefind's own process while later hooks go on: pass `output` to
 * `precompress({ waitFor })`, which waits for it (and fails the build if indexing failed).
 */
export function pagefindIndex(): { integration: AstroIntegration; output: PendingOutput } {
  let indexing: Promise<void> = Promise.resolve();
  const integration: AstroIntegration = {
    name: "academy:pagefind",
    hooks: {
      "astro:build:done": ({ dir, logger }) => {
        indexing = writeIndex(fileURLToPath(dir)).then((pages) => logger.info(`indexed ${pages} articles for search`));
        // Held until precompress awaits it; a failure then fails the build there.
        indexing.catch(() => {});
      },
    },
  };
  return { integration, output: { folder: FOLDER, done: () => indexing } };
}

async function writeIndex(root: string): Promise<number> {
  const outputPath = join(root, FOLDER);
  await rm(outputPath, { recursive: true, force: true });
  const { index, errors } = await createIndex({ forceLanguage: "en" });
  try {
    if (!index) throw new Error(`Pagefind could not start: ${errors.join("; ")}`);
    const added = await index.addDirectory({ path: root, glob: "articles/*/index.html" });
    if (added.errors.length > 0) throw new Error(`Pagefind indexing failed: ${added.errors.join("; ")}`);
    const written = await index.writeFiles({ outputPath });
    if (written.errors.length > 0) throw new Error(`Pagefind could not write: ${written.errors.join("; ")}`);
    return added.page_count;
  } finally {
    await close();
  }
}
