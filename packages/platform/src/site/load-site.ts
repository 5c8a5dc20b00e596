/**
 * Reads and validates `<content>/site.yaml`. Every problem is reported at once, each as one line naming the
 * file, the line, what is wrong and how to fix it:
 *
 *   content/site.yaml:31: colors.light.accent: light accent #e5a50a on light background #f6f5f4 has a contrast
 *   of 2.61:1, below the 4.5:1 that text needs (WCAG AA). Fix: change accent to #8a6100 …
 */
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { isMap, isScalar, LineCounter, parseDocument } from "yaml";
import type { z } from "zod";
import { findContrastFailures } from "./contrast-pairs.ts";
import { type SiteSettings, siteSchema } from "./schema.ts";

export const SITE_FILE = "site.yaml";

export interface SiteIssue {
  /** The file as a person would type it: relative to the working directory when inside it. */
  file: string;
  line: number;
  /** Dotted path inside the file, e.g. `colors.light.accent`; empty for the file as a whole. */
  path: string;
  message: string;
}

/** site.yaml is missing or wrong; `message` lists every issue, one a line. */
export class SiteError extends Error {
  override name = "SiteError";
  readonly issues: SiteIssue[];
  constructor(issues: SiteIssue[]) {
    super(issues.map(formatIssue).join("\n"));
    this.issues = issues;
  }
}

export function formatIssue(issue: SiteIssue): string {
  return `${issue.file}:${issue.line}: ${issue.path ? `${issue.path}: ` : ""}${issue.message}`;
}

/**
 * The academy's settings from `<contentDir>/site.yaml`, validated: schema, colour contrast, and that the logo,
 * favicon, social image and legal pages it names exist in the content folder.
 *
 * @example
 * const site = loadSite(resolveContentDir(process.env));
 * site.academy.name; // "…", whatever the coach wrote
 */
export function loadSite(contentDir: string): SiteSettings {
  const filePath = join(contentDir, SITE_FILE);
  const file = displayPath(filePath);
  if (!existsSync(filePath)) {
    throw new SiteError([
      {
        file,
        line: 1,
        path: "",
        message: `not found. Fix: create it (copy content/${SITE_FILE} from the repository and change the names), or point CONTENT_DIR at the folder that holds it.`,
      },
    ]);
  }
  return parseSite(readFileSync(filePath, "utf8"), { file, contentDir });
}

/** Validates the text of a site.yaml. `contentDir` is where the files it names must exist. */
export function parseSite(source: string, options: { file: string; contentDir: string }): SiteSettings {
  const { file, contentDir } = options;
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, prettyErrors: false });
  if (document.errors.length > 0) {
    throw new SiteError(
      document.errors.map((error) => ({
        file,
        line: lineCounter.linePos(error.pos[0]).line,
        path: "",
        message: `${error.message.split("\n")[0]}. Fix: check the indentation and quotes on this line (YAML).`,
      })),
    );
  }
  const lineOf = (path: PropertyKey[]): number => {
    // The deepest node that exists: a missing key is reported where its parent is.
    for (let depth = path.length; depth > 0; depth -= 1) {
      const node = document.getIn(path.slice(0, depth), true);
      const parent = depth > 1 ? document.getIn(path.slice(0, depth - 1), true) : document.contents;
      if (isMap(parent)) {
        const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === path[depth - 1]);
        const range = (pair?.key as { range?: [number] } | undefined)?.range;
        if (range) return lineCounter.linePos(range[0]).line;
      }
      const range = (node as { range?: [number] } | undefined)?.range;
      if (range) return lineCounter.linePos(range[0]).line;
    }
    return 1;
  };

  const parsed = siteSchema.safeParse(document.toJS() ?? {});
  if (!parsed.success) {
    throw new SiteError(parsed.error.issues.map((issue) => toSiteIssue(issue, file, lineOf)));
  }
  const site = parsed.data;
  const issues: SiteIssue[] = findContrastFailures(site.colors).map((failure) => ({
    file,
    line: lineOf(failure.path),
    path: failure.path.join("."),
    message: failure.message,
  }));
  for (const [path, relativePath] of referencedFiles(site)) {
    if (existsSync(join(contentDir, relativePath))) continue;
    issues.push({
      file,
      line: lineOf(path),
      path: path.join("."),
      message: `${displayPath(join(contentDir, relativePath))} does not exist. Fix: add the file, or correct the name here.`,
    });
  }
  if (issues.length > 0) throw new SiteError(issues);
  return site;
}

function toSiteIssue(issue: z.core.$ZodIssue, file: string, lineOf: (path: PropertyKey[]) => number): SiteIssue {
  const path = issue.path.map(String).join(".");
  let message = issue.message;
  if (issue.code === "unrecognized_keys") {
    message = `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}. Fix: remove ${issue.keys.length > 1 ? "them" : "it"} or check the spelling.`;
  } else if (issue.code === "invalid_type" && issue.input === undefined) {
    message = `missing. Fix: add ${issue.path.at(-1)?.toString() ?? "it"} (${issue.message}).`;
  } else {
    message = `${message}.`;
  }
  return { file, line: lineOf(issue.path), path, message };
}

/** [path in site.yaml, file relative to the content folder] for every file the settings name. */
function referencedFiles(site: SiteSettings): Array<[string[], string]> {
  const files: Array<[string[], string]> = [
    [["logo", "path"], site.logo.path],
    [["favicon", "path"], site.favicon.path],
    [["legal", "privacy"], `pages/${site.legal.privacy}.mdx`],
    [["legal", "terms"], `pages/${site.legal.terms}.mdx`],
  ];
  if (site.socialImage) files.push([["socialImage", "path"], site.socialImage.path]);
  return files;
}

function displayPath(path: string): string {
  const fromHere = relative(process.cwd(), path);
  return fromHere.startsWith("..") ? path : fromHere;
}
