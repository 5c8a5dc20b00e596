import { isAbsolute, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadEnv } from "@academy/config/env";
import { contentEnv } from "@academy/platform/site";
import { z } from "zod";

const repositoryRoot = fileURLToPath(new URL("../../../../", import.meta.url));

/**
 * Build-time content settings: CONTENT_DIR is the academy's folder (`content/` by default). ARTICLES_DIR, when
 * set, takes the articles from elsewhere: the build benchmark points it at its generated fixture.
 */
const env = loadEnv(
  { ...contentEnv, ARTICLES_DIR: z.string().min(1).optional() },
  process.env as Record<string, string | undefined>,
);

/** The absolute content folder: site.yaml, articles, pages, courses, plans. */
export const contentDir = env.CONTENT_DIR;

/** A folder inside the content folder, as the file URL Astro's loaders take. */
export function contentFolder(name: string): URL {
  return pathToFileURL(`${join(contentDir, name)}/`);
}

/** The folder of article `.mdx` files. */
export const articlesDir = env.ARTICLES_DIR
  ? pathToFileURL(`${isAbsolute(env.ARTICLES_DIR) ? env.ARTICLES_DIR : resolve(repositoryRoot, env.ARTICLES_DIR)}/`)
  : contentFolder("articles");
