/**
 * Where the academy's content lives: `CONTENT_DIR`, absolute or relative to the repository root, `content/` by
 * default. Apps add `contentEnv` to their env schema; scripts and tests call `resolveContentDir`.
 */
import { join } from "node:path";
import { loadEnv, repositoryPath } from "@academy/config/env";

export const contentEnv = { CONTENT_DIR: repositoryPath("content") };

/** The absolute content folder named by `source.CONTENT_DIR` (the repository's `content/` when unset). */
export function resolveContentDir(source: Record<string, string | undefined>): string {
  return loadEnv(contentEnv, source).CONTENT_DIR;
}

/** A folder inside the content folder, e.g. `contentPath(dir, "articles")`. */
export function contentPath(contentDir: string, ...segments: string[]): string {
  return join(contentDir, ...segments);
}
