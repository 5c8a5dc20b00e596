import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { type Plan, parsePlan } from "@academy/programming";
import { parse as parseYaml } from "yaml";

/**
 * Reads every plan the coach wrote in `content/plans/*.yaml`, validated by the programming package. A bad
 * plan stops start-up with the file and the path inside it, like a bad article stops the build.
 */
export function loadPlans(folder: string): ReadonlyMap<string, Plan> {
  const plans = new Map<string, Plan>();
  let files: string[];
  try {
    files = readdirSync(folder).filter((file) => file.endsWith(".yaml") || file.endsWith(".yml"));
  } catch {
    return plans;
  }
  for (const file of files.sort()) {
    const path = join(folder, file);
    const plan = parsePlan(parseYaml(readFileSync(path, "utf8")), `content/plans/${file}`);
    plans.set(basename(file).replace(/\.ya?ml$/, ""), plan);
  }
  return plans;
}
