import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { checkPlanData, type Plan } from "@academy/programming";
import type { Loader } from "astro/loaders";
import { parse as parseYaml, YAMLParseError } from "yaml";

/** One plan file, validated: `file` is its path from the repository root, as problems name it. */
export interface PlanFile {
  slug: string;
  file: string;
  plan: Plan;
}

/** Every problem found in the plan files, one `file: path: message` per line. */
export class PlanContentError extends Error {
  override name = "PlanContentError";
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`The training plans have ${problems.length === 1 ? "a problem" : "problems"}:\n${problems.join("\n")}`);
    this.problems = problems;
  }
}

/**
 * Reads and validates `content/plans/*.yaml` exactly as the server does at start (the same `parsePlan`), and
 * more: the plan's `id` must be its file name, and its running must keep to its own ramp limit (`checkPlanRamp`).
 * Throws a PlanContentError listing every problem with the file and the path inside it.
 */
export function readPlanFiles(folder: URL, displayFolder = "content/plans"): PlanFile[] {
  let names: string[];
  try {
    names = readdirSync(folder).filter((name) => /\.ya?ml$/.test(name));
  } catch {
    return [];
  }
  const plans: PlanFile[] = [];
  const problems: string[] = [];
  for (const name of names.sort()) {
    const file = `${displayFolder}/${name}`;
    const slug = name.replace(/\.ya?ml$/, "");
    let data: unknown;
    try {
      data = parseYaml(readFileSync(new URL(name, folder), "utf8"));
    } catch (error) {
      const where = error instanceof YAMLParseError && error.linePos ? `line ${error.linePos[0].line}` : "(file)";
      problems.push(`${file}: ${where}: ${error instanceof Error ? error.message.split("\n")[0] : "not valid YAML"}`);
      continue;
    }
    const checked = checkPlanData(data, file, slug);
    problems.push(...checked.problems);
    if (checked.plan) plans.push({ slug, file, plan: checked.plan });
  }
  if (problems.length > 0) throw new PlanContentError(problems);
  return plans;
}

/**
 * A content collection of the training plans, so a plan that breaks the schema fails `astro build` with the file
 * and the path inside it (the server reads the same files at start and would refuse them too). Under `astro dev`
 * problems are logged instead, and the folder is watched.
 */
export function planLoader(folder: URL): Loader {
  return {
    name: "academy:plans",
    load: async ({ store, logger, watcher, generateDigest }) => {
      const sync = () => {
        let files: PlanFile[];
        try {
          files = readPlanFiles(folder);
        } catch (error) {
          if (!watcher || !(error instanceof PlanContentError)) throw error;
          logger.error(error.message);
          return;
        }
        store.clear();
        for (const { slug, plan } of files) {
          const data = JSON.parse(JSON.stringify(plan)) as Record<string, unknown>;
          store.set({ id: slug, data, digest: generateDigest(data) });
        }
      };
      sync();
      if (watcher) {
        const path = fileURLToPath(folder);
        watcher.add(path);
        const onChange = (changed: string) => {
          if (changed.startsWith(path) && /\.ya?ml$/.test(changed)) sync();
        };
        watcher.on("change", onChange);
        watcher.on("add", onChange);
        watcher.on("unlink", onChange);
      }
    },
  };
}
