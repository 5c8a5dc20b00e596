/**
 * The editor's settings, read once when `pnpm edit` starts (never in the browser). Local mode edits the files in
 * CONTENT_DIR on this machine; GitHub mode (KEYSTATIC_STORAGE=github) turns every save into a commit on the
 * repository, so a coach who does not use git still edits the files the deploy builds from.
 */
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { loadEnv } from "@academy/config/env";
import { contentEnv } from "@academy/platform/site";
import { z } from "zod";

const repositoryRoot = fileURLToPath(new URL("../../../", import.meta.url));

const editorEnv = {
  ...contentEnv,
  KEYSTATIC_STORAGE: z.enum(["local", "github"], { error: "expected local or github" }).default("local"),
  KEYSTATIC_GITHUB_REPO: z
    .string()
    .regex(/^[\w.-]+\/[\w.-]+$/, { error: "expected the repository as owner/name, like maren/academy" })
    .optional(),
};

export type EditorStorage = { kind: "local" } | { kind: "github"; repo: `${string}/${string}`; pathPrefix: string };

export interface EditorSettings {
  /** The absolute content folder that local mode reads and writes. */
  contentDir: string;
  storage: EditorStorage;
}

export function readEditorSettings(source: Record<string, string | undefined>): EditorSettings {
  const env = loadEnv(editorEnv, source);
  if (env.KEYSTATIC_STORAGE === "local") return { contentDir: env.CONTENT_DIR, storage: { kind: "local" } };
  if (!env.KEYSTATIC_GITHUB_REPO) {
    throw new Error(
      "Missing environment variable KEYSTATIC_GITHUB_REPO: GitHub mode needs the repository as owner/name, like maren/academy.",
    );
  }
  const pathPrefix = relative(repositoryRoot, env.CONTENT_DIR).split("\\").join("/");
  if (pathPrefix.startsWith("..")) {
    throw new Error(
      `Invalid environment variable CONTENT_DIR: GitHub mode edits a folder inside the repository (got "${env.CONTENT_DIR}").`,
    );
  }
  return {
    contentDir: env.CONTENT_DIR,
    storage: { kind: "github", repo: env.KEYSTATIC_GITHUB_REPO as `${string}/${string}`, pathPrefix },
  };
}
