/**
 * What happens to a save before Keystatic writes it: plans and the site settings pass the same checks as the
 * build, or nothing is written and the coach reads the engine's own messages. Pure: files in, files or problems
 * out; the site check comes in as a function because it looks for the logo and pages it names.
 */
import { checkPlanData } from "@academy/programming";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";

export interface SavedFile {
  /** Relative to the content folder, e.g. `plans/strong-runner-foundations.yaml`. */
  path: string;
  contents: string;
}

export type SaveCheck = { ok: true; files: SavedFile[] } | { ok: false; problems: string[] };

export interface SaveCheckOptions {
  /** How problems name the content folder, e.g. `content`. */
  displayDir: string;
  /** The site settings' problems, `file:line: path: message`, for the text about to be written. */
  checkSite: (source: string, file: string) => string[];
}

const PLAN_FILE = /^plans\/([a-z0-9-]+)\.ya?ml$/;
const SITE_FILE = "site.yaml";

/** The keys each kind of session may have; the form shows the fields of both, the file keeps its own. */
const SESSION_KEYS: Record<string, readonly string[]> = {
  run: ["type", "id", "kind", "title", "durationMinutes", "distanceKm", "intensity", "notes"],
  strength: ["type", "id", "title", "durationMinutes", "rpe", "exercises", "notes"],
};

export function checkSave(files: readonly SavedFile[], options: SaveCheckOptions): SaveCheck {
  const problems: string[] = [];
  const checked = files.map((file) => {
    const plan = PLAN_FILE.exec(file.path);
    if (plan?.[1]) {
      const name = `${options.displayDir}/${file.path}`;
      const data = readYaml(file.contents, name, problems);
      if (data === undefined) return file;
      const tidied = tidyPlan(data);
      problems.push(...checkPlanData(tidied, name, plan[1]).problems);
      return { path: file.path, contents: stringifyYaml(tidied, { lineWidth: 0 }) };
    }
    if (file.path === SITE_FILE) {
      const name = `${options.displayDir}/${file.path}`;
      const data = readYaml(file.contents, name, problems);
      if (data === undefined) return file;
      const contents = stringifyYaml(dropEmpty(data), { lineWidth: 0 });
      problems.push(...options.checkSite(contents, name));
      return { path: file.path, contents };
    }
    return file;
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, files: checked };
}

function readYaml(source: string, name: string, problems: string[]): unknown {
  try {
    return parseYaml(source) as unknown;
  } catch (error) {
    problems.push(`${name}: ${error instanceof Error ? error.message.split("\n")[0] : "not valid YAML"}`);
    return undefined;
  }
}

/**
 * The plan as the form wrote it, as the engine reads it: fields left empty are left out (so defaults apply), and
 * each session keeps only the fields of its own kind.
 */
export function tidyPlan(data: unknown): unknown {
  const plan = dropEmpty(data);
  if (!isRecord(plan) || !Array.isArray(plan.phases)) return plan;
  for (const phase of plan.phases) {
    if (!isRecord(phase) || !Array.isArray(phase.weeks)) continue;
    for (const week of phase.weeks) {
      if (!isRecord(week) || !Array.isArray(week.sessions)) continue;
      week.sessions = week.sessions.map((session) => {
        const keys = isRecord(session) ? SESSION_KEYS[String(session.type)] : undefined;
        if (!isRecord(session) || !keys) return session;
        return Object.fromEntries(Object.entries(session).filter(([key]) => keys.includes(key)));
      });
    }
  }
  return plan;
}

/** Drops null, empty text and empty objects, at every depth; empty lists stay (an empty week is a week). */
export function dropEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropEmpty);
  if (!isRecord(value)) return value;
  const kept: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    const tidied = dropEmpty(inner);
    if (tidied === null || tidied === undefined || tidied === "") continue;
    if (isRecord(tidied) && Object.keys(tidied).length === 0) continue;
    kept[key] = tidied;
  }
  return kept;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}
