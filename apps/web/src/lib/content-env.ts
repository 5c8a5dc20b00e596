import { isAbsolute, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { loadEnv } from "@academy/config/env";
import { z } from "zod";

const repositoryRoot = fileURLToPath(new URL("../../../../", import.meta.url));

/** Build-time content settings. ARTICLES_DIR lets the build benchmark point the site at its fixture. */
const env = loadEnv(
  { ARTICLES_DIR: z.string().min(1).default("content/articles") },
  process.env as Record<string, string | undefined>,
);

/** The folder of article `.mdx` files, absolute or relative to the repository root. */
export const articlesDir = pathToFileURL(
  `${isAbsolute(env.ARTICLES_DIR) ? env.ARTICLES_DIR : resolve(repositoryRoot, env.ARTICLES_DIR)}/`,
);
