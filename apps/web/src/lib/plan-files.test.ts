import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { PlanContentError, readPlanFiles } from "./plan-files.ts";

const PLAN = new URL("../../../../content/plans/strong-runner-foundations.yaml", import.meta.url);
const folders: string[] = [];

/** A plans folder holding the real plan, changed by `edit`, under `name`. */
function planFolder(edit: (source: string) => string = (source) => source, name = "strong-runner-foundations.yaml") {
  const folder = mkdtempSync(join(tmpdir(), "plans-"));
  folders.push(folder);
  writeFileSync(join(folder, name), edit(readFileSync(PLAN, "utf8")));
  return pathToFileURL(`${folder}/`);
}

function problemsIn(folder: URL): readonly string[] {
  try {
    readPlanFiles(folder);
  } catch (error) {
    if (error instanceof PlanContentError) return error.problems;
    throw error;
  }
  return [];
}

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe("readPlanFiles", () => {
  it("reads the coach's plan", () => {
    const folder = mkdtempSync(join(tmpdir(), "plans-"));
    folders.push(folder);
    copyFileSync(PLAN, join(folder, "strong-runner-foundations.yaml"));
    const [file] = readPlanFiles(pathToFileURL(`${folder}/`));
    expect(file?.slug).toBe("strong-runner-foundations");
    expect(file?.plan.phases.map((phase) => phase.id)).toEqual(["foundation", "build", "strength"]);
  });

  it("names the file and the path inside it for a schema problem", () => {
    const folder = planFolder((source) =>
      source.replace("repRange: { min: 15, max: 20 }", "repRange: { min: 25, max: 20 }"),
    );
    expect(problemsIn(folder)).toEqual([
      "content/plans/strong-runner-foundations.yaml: phases[0].repRange: min must be ≤ max",
    ]);
  });

  it("names the line of a YAML syntax error", () => {
    const folder = planFolder((source) => source.replace("rampLimitPercent: 10", "rampLimitPercent: [10"));
    expect(problemsIn(folder)[0]).toMatch(/^content\/plans\/strong-runner-foundations\.yaml: line \d+: /);
  });

  it("asks for the plan's id to be its file name", () => {
    expect(problemsIn(planFolder(undefined, "foundations.yaml"))).toEqual([
      'content/plans/foundations.yaml: id: expected "foundations", the file\'s name (got "strong-runner-foundations")',
    ]);
  });

  it("places running that ramps past the plan's limit at its week", () => {
    const folder = planFolder((source) =>
      source.replace(
        "id: w2-long-run\n            kind: long\n            durationMinutes: 33",
        "id: w2-long-run\n            kind: long\n            durationMinutes: 60",
      ),
    );
    const [problem] = problemsIn(folder);
    expect(problem).toMatch(
      /^content\/plans\/strong-runner-foundations\.yaml: phases\[0\]\.weeks\[1\]: strong-runner-foundations: week 2 prescribes 104 minutes/,
    );
  });
});
