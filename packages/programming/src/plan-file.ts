/**
 * Everything a plan file must pass before the site builds or the server starts, on data already parsed from YAML:
 * the schema (`parsePlan`), its `id` equal to the file's name, and its running kept to its own ramp limit. The site's
 * plan loader and the coach's editor both ask this one function, so they refuse exactly the same plans.
 *
 * @example
 * checkPlanData(parseYaml(text), "content/plans/base.yaml", "base");
 * // { plan: undefined, problems: ["content/plans/base.yaml: phases[0].weeks[1].number: expected week 2 …"] }
 */

import { listPlanWeeks } from "./plan.ts";
import { formatIssuePath, type Plan, PlanValidationError, parsePlan } from "./plan-schema.ts";
import { checkPlanRamp } from "./ramp.ts";

export interface PlanFileCheck {
  /** The validated plan, when there is no problem. */
  plan: Plan | undefined;
  /** One `file: path: message` per problem, in the engine's words. */
  problems: string[];
}

export function checkPlanData(data: unknown, file: string, slug: string): PlanFileCheck {
  let plan: Plan;
  try {
    plan = parsePlan(data, file);
  } catch (error) {
    if (!(error instanceof PlanValidationError)) throw error;
    return { plan: undefined, problems: error.message.split("\n") };
  }
  const problems = [...checkPlanIdentity(plan, slug), ...describeRampFindings(plan)].map(
    (problem) => `${file}: ${problem}`,
  );
  return problems.length === 0 ? { plan, problems } : { plan: undefined, problems };
}

function checkPlanIdentity(plan: Plan, slug: string): string[] {
  return plan.id === slug ? [] : [`id: expected "${slug}", the file's name (got "${plan.id}")`];
}

/** The plan's own ramp check, each finding placed at the week it is about. */
function describeRampFindings(plan: Plan): string[] {
  const weeks = listPlanWeeks(plan);
  return checkPlanRamp(plan).map((finding) => {
    const entry = weeks[finding.weekNumber - 1];
    const phaseIndex = entry?.phaseIndex ?? 0;
    const weekIndex = entry ? entry.phase.weeks.indexOf(entry.week) : 0;
    return `${formatIssuePath(["phases", phaseIndex, "weeks", weekIndex])}: ${finding.message}`;
  });
}
