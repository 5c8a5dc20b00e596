import { parse as parseYaml } from "yaml";
import {
  type Block,
  type Inline,
  inlineGroups,
  type MarkdownProblem,
  parseInline,
  parseMarkdown,
  variablesIn,
} from "./markdown.ts";
import { EMAIL_DEFINITIONS, EMAIL_NAMES, type EmailDefinition, type EmailName, isEmailName } from "./registry.ts";

/** One email file, parsed and checked against its registry entry: ready to render for any recipient. */
export interface EmailTemplate {
  name: EmailName;
  file: string;
  subject: Inline[];
  preheader: Inline[];
  blocks: Block[];
}

/** One thing wrong in a content file, in the one-line shape every content check uses. */
export interface ContentProblem {
  file: string;
  line: number;
  message: string;
  fix: string;
}

/** `content/emails/sign-in.md:7: {cod} is not a variable of this email. Fix: use one of …` */
export function formatProblem(problem: ContentProblem): string {
  return `${problem.file}:${problem.line}: ${problem.message}. Fix: ${problem.fix}.`;
}

/** Thrown at build and at start when the coach's content has problems; its message is one line per problem. */
export class ContentError extends Error {
  override name = "ContentError";
  readonly problems: readonly ContentProblem[];
  constructor(problems: readonly ContentProblem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.problems = problems;
  }
}

const FRONT_MATTER_FIELDS = ["subject", "preheader"] as const;

/**
 * Parses `content/emails/<name>.md`. `file` is how errors name it (a path from the repository root). Returns the
 * template, or every problem found, each with its line.
 */
export function parseEmailTemplate(
  source: string,
  file: string,
): { template: EmailTemplate; problems: [] } | { template?: undefined; problems: ContentProblem[] } {
  const name = file.replace(/^.*\//, "").replace(/\.mdx?$/, "");
  const problem = (line: number, message: string, fix: string): ContentProblem => ({ file, line, message, fix });
  if (!isEmailName(name)) {
    return {
      problems: [
        problem(
          1,
          `"${name}" is not an email the platform sends`,
          `name the file one of ${EMAIL_NAMES.map((known) => `${known}.md`).join(", ")}`,
        ),
      ],
    };
  }
  const definition: EmailDefinition = EMAIL_DEFINITIONS[name];
  const lines = source.split(/\r?\n/);
  if (lines[0]?.trim() !== "---") {
    return {
      problems: [
        problem(
          1,
          "the file does not start with front matter",
          'open it with ---, subject: "…", preheader: "…" and ---',
        ),
      ],
    };
  }
  const end = lines.findIndex((line, index) => index > 0 && line.trim() === "---");
  if (end === -1)
    return { problems: [problem(1, "the front matter is never closed", "add a line with --- after preheader")] };

  const problems: ContentProblem[] = [];
  const fieldLine = (field: string) => {
    const index = lines.findIndex((line, at) => at < end && line.startsWith(`${field}:`));
    return index === -1 ? 1 : index + 1;
  };
  let fields: Record<string, unknown> = {};
  try {
    const parsed: unknown = parseYaml(lines.slice(1, end).join("\n")) ?? {};
    if (typeof parsed !== "object" || Array.isArray(parsed) || parsed === null) throw new Error("not a mapping");
    fields = parsed as Record<string, unknown>;
  } catch (error) {
    const yamlLine = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line;
    problems.push(
      problem(
        yamlLine ? yamlLine + 1 : 2,
        "the front matter is not valid YAML",
        'write it as subject: "…" and preheader: "…", one per line',
      ),
    );
  }
  for (const key of Object.keys(fields)) {
    if (!(FRONT_MATTER_FIELDS as readonly string[]).includes(key)) {
      problems.push(problem(fieldLine(key), `"${key}" is not a field of an email`, "keep only subject and preheader"));
    }
  }
  const textField = (field: (typeof FRONT_MATTER_FIELDS)[number], max: number): Inline[] => {
    const value = fields[field];
    const line = fieldLine(field);
    if (typeof value !== "string" || value.trim() === "") {
      problems.push(problem(line, `the ${field} is missing or empty`, `add ${field}: "…" to the front matter`));
      return [];
    }
    if (value.length > max) {
      problems.push(
        problem(line, `the ${field} is ${value.length} characters long`, `keep it under ${max}: phones cut the rest`),
      );
    }
    const found: MarkdownProblem[] = [];
    const inlines = parseInline(value.trim(), line, found);
    problems.push(...found.map((each) => problem(each.line, each.message, each.fix)));
    return inlines;
  };
  const subject = textField("subject", 120);
  const preheader = textField("preheader", 160);
  const body = parseMarkdown(lines.slice(end + 1).join("\n"), end + 2);
  problems.push(...body.problems.map((each) => problem(each.line, each.message, each.fix)));

  problems.push(...checkVariables(definition, { subject, preheader, blocks: body.blocks }, problem));
  if (body.blocks.length === 0)
    problems.push(problem(end + 2, "the email has no body", "write what she should read under the front matter"));
  if (problems.length > 0) return { problems: problems.sort((a, b) => a.line - b.line) };
  return { template: { name, file, subject, preheader, blocks: body.blocks }, problems: [] };
}

function checkVariables(
  definition: EmailDefinition,
  parts: { subject: Inline[]; preheader: Inline[]; blocks: Block[] },
  problem: (line: number, message: string, fix: string) => ContentProblem,
): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const known = Object.keys(definition.variables);
  const knownList = known.map((name) => `{${name}}`).join(", ");
  const inBody = inlineGroups(parts.blocks).flatMap(variablesIn);
  const inHeader = [...variablesIn(parts.subject), ...variablesIn(parts.preheader)];
  for (const use of [...inHeader, ...inBody]) {
    const variable = definition.variables[use.name];
    if (!variable) {
      problems.push(problem(use.line, `{${use.name}} is not a variable of this email`, `use one of ${knownList}`));
    } else if (variable.kind === "link" && !use.asLink) {
      problems.push(
        problem(
          use.line,
          `{${use.name}} is a link, written here as words`,
          `make it a link's target: [the words to click]({${use.name}})`,
        ),
      );
    } else if (variable.kind === "text" && use.asLink) {
      problems.push(
        problem(
          use.line,
          `{${use.name}} is not a link (it is ${variable.description})`,
          "use it in the words, and point the link at a link variable",
        ),
      );
    }
  }
  for (const use of inHeader) {
    if (definition.variables[use.name]?.kind === "link") {
      problems.push(
        problem(
          use.line,
          `{${use.name}} is a link and cannot sit in the subject or preheader`,
          "put it in the body as [words]({…})",
        ),
      );
    }
  }
  const used = new Set(inBody.map((use) => use.name));
  for (const [name, variable] of Object.entries(definition.variables)) {
    if (variable.required && !used.has(name)) {
      const example = variable.kind === "link" ? `[the words to click]({${name}})` : `{${name}}`;
      problems.push(
        problem(
          1,
          `this email must carry {${name}} (${variable.description}) and does not`,
          `add ${example} to the body`,
        ),
      );
    }
  }
  return problems;
}
