/**
 * Keystatic's API, saving into CONTENT_DIR. A save that touches a plan or the site settings is checked first
 * (`save-check.ts`): when the engine finds a problem nothing is written, and the editor shows its messages.
 */
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import { formatIssue, parseSite, SiteError } from "@academy/platform/site";
import { makeHandler } from "@keystatic/astro/api";
import type { APIRoute } from "astro";
import config from "../keystatic.config.ts";
import { readEditorSettings } from "./env.ts";
import { checkSave } from "./save-check.ts";

export const prerender = false;

const { contentDir } = readEditorSettings(process.env as Record<string, string | undefined>);
const repositoryRoot = fileURLToPath(new URL("../../../", import.meta.url));
const insideRepository = relative(repositoryRoot, contentDir);
const displayDir = insideRepository.startsWith("..") ? contentDir : insideRepository;

const keystatic = makeHandler({ config, localBaseDirectory: contentDir });

interface UpdateBody {
  additions: { path: string; contents: string }[];
  deletions: { path: string }[];
}

export const ALL: APIRoute = async (context) => {
  const { request } = context;
  if (request.method !== "POST" || context.params.params !== "update") return keystatic(context);

  const body = await readUpdate(request.clone());
  // Anything malformed goes on to Keystatic, which refuses it with its own 400.
  if (!body) return keystatic(context);
  const result = checkSave(
    body.additions.map((addition) => ({
      path: addition.path,
      contents: Buffer.from(addition.contents, "base64url").toString("utf8"),
    })),
    { displayDir, checkSite },
  );
  if (!result.ok) {
    const message = [`Not saved: fix ${result.problems.length === 1 ? "this" : "these"} first.`, ...result.problems];
    return new Response(message.join("\n"), { status: 422, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  const checked: UpdateBody = {
    additions: result.files.map((file) => ({
      path: file.path,
      contents: Buffer.from(file.contents, "utf8").toString("base64"),
    })),
    deletions: body.deletions,
  };
  const forwarded = new Request(request.url, {
    method: "POST",
    headers: request.headers,
    body: JSON.stringify(checked),
  });
  return keystatic({ ...context, request: forwarded });
};

async function readUpdate(request: Request): Promise<UpdateBody | undefined> {
  try {
    const body = (await request.json()) as Partial<UpdateBody>;
    const additions = Array.isArray(body.additions) ? body.additions : undefined;
    const deletions = Array.isArray(body.deletions) ? body.deletions : undefined;
    if (!additions || !deletions) return undefined;
    const valid = additions.every(
      (addition) => typeof addition?.path === "string" && typeof addition.contents === "string",
    );
    return valid ? { additions, deletions } : undefined;
  } catch {
    return undefined;
  }
}

function checkSite(source: string, file: string): string[] {
  try {
    parseSite(source, { file, contentDir });
    return [];
  } catch (error) {
    if (error instanceof SiteError) return error.issues.map(formatIssue);
    throw error;
  }
}
