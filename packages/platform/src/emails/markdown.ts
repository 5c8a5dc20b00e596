/**
 * The small Markdown an email body is written in, parsed into blocks whose text still holds the named
 * variables (`{firstName}`). Values are put in only when an email is rendered, as text, so a value can never
 * become markup: a first name of `<script>` or `**x**` stays those characters.
 *
 * Blocks: paragraphs (a blank line between them), `#`/`##` headings, `-` and `1.` lists, and a paragraph that is
 * one link alone, which becomes a button. Inline: `**bold**`, `*italic*`, `[words](target)`, `{variable}`, and
 * `{{`/`}}` for a literal brace. A line break inside a paragraph stays a line break (a sign-off).
 */

export type Inline =
  | { kind: "text"; value: string }
  | { kind: "variable"; name: string; line: number }
  | { kind: "strong" | "em"; children: Inline[] }
  | { kind: "link"; target: LinkTarget; children: Inline[]; line: number };

/** A link points at a variable (`{enrollLink}`), a page of the site (`/account`) or an outside address. */
export type LinkTarget = { kind: "variable"; name: string } | { kind: "url"; value: string };

export type Block =
  | { kind: "paragraph" | "button"; line: number; inlines: Inline[] }
  | { kind: "heading"; line: number; level: 1 | 2 | 3; inlines: Inline[] }
  | { kind: "list"; line: number; ordered: boolean; items: { line: number; inlines: Inline[] }[] };

export interface MarkdownProblem {
  line: number;
  message: string;
  fix: string;
}

const VARIABLE_NAME = /^[A-Za-z][A-Za-z0-9]*$/;
const LIST_ITEM = /^(\s*)([-*]|\d+\.)\s+(.*)$/;
const HEADING = /^(#{1,3})\s+(.*)$/;

/** Parses a body whose first line is line `firstLine` of its file, so problems name the file's line. */
export function parseMarkdown(body: string, firstLine: number): { blocks: Block[]; problems: MarkdownProblem[] } {
  const problems: MarkdownProblem[] = [];
  const blocks: Block[] = [];
  const lines = body.split(/\r?\n/);
  let paragraph: { line: number; text: string[] } | undefined;
  let list: Extract<Block, { kind: "list" }> | undefined;
  let item: { line: number; text: string[] } | undefined;

  const closeItem = () => {
    if (item && list)
      list.items.push({ line: item.line, inlines: parseInline(item.text.join("\n"), item.line, problems) });
    item = undefined;
  };
  const closeBlocks = () => {
    if (paragraph) {
      const source = paragraph.text.join("\n");
      const inlines = parseInline(source, paragraph.line, problems);
      const alone = inlines.filter((inline) => !(inline.kind === "text" && inline.value.trim() === ""));
      blocks.push({
        kind: alone.length === 1 && alone[0]?.kind === "link" ? "button" : "paragraph",
        line: paragraph.line,
        inlines,
      });
      paragraph = undefined;
    }
    closeItem();
    if (list) blocks.push(list);
    list = undefined;
  };

  for (const [index, raw] of lines.entries()) {
    const line = firstLine + index;
    if (raw.trim() === "") {
      closeBlocks();
      continue;
    }
    const heading = HEADING.exec(raw);
    if (heading && !paragraph) {
      closeBlocks();
      const level = (heading[1]?.length ?? 1) as 1 | 2 | 3;
      blocks.push({ kind: "heading", level, line, inlines: parseInline(heading[2] ?? "", line, problems) });
      continue;
    }
    const listItem = LIST_ITEM.exec(raw);
    if (listItem && !paragraph) {
      const ordered = /\d/.test(listItem[2] ?? "");
      closeItem();
      if (list && list.ordered !== ordered) closeBlocks();
      list ??= { kind: "list", line, ordered, items: [] };
      item = { line, text: [listItem[3] ?? ""] };
      continue;
    }
    if (item) {
      item.text.push(raw.trim());
      continue;
    }
    if (raw.trimStart().startsWith("![")) {
      problems.push({
        line,
        message: "emails do not show images in the body (many clients block them)",
        fix: "describe it in words, or link to the page that shows it",
      });
      continue;
    }
    paragraph ??= { line, text: [] };
    paragraph.text.push(raw.trim());
  }
  closeBlocks();
  return { blocks, problems };
}

/** Parses one block's text: `line` is the file line its first character sits on. */
export function parseInline(source: string, line: number, problems: MarkdownProblem[]): Inline[] {
  const inlines: Inline[] = [];
  let textStart = 0;
  let index = 0;
  const lineAt = (offset: number) => line + (source.slice(0, offset).match(/\n/g)?.length ?? 0);
  const pushText = (end: number) => {
    // A line break the coach typed stays one (a sign-off under the last sentence).
    if (end > textStart)
      inlines.push({ kind: "text", value: source.slice(textStart, end).replace(/[ \t]*\n[ \t]*/g, "\n") });
  };
  while (index < source.length) {
    const rest = source.slice(index);
    if (rest.startsWith("{{") || rest.startsWith("}}")) {
      pushText(index);
      inlines.push({ kind: "text", value: rest[0] ?? "" });
      index += 2;
      textStart = index;
      continue;
    }
    if (rest.startsWith("{")) {
      pushText(index);
      const close = rest.indexOf("}");
      const name = close === -1 ? "" : rest.slice(1, close);
      if (close === -1 || name.includes("\n") || name.includes("{")) {
        problems.push({
          line: lineAt(index),
          message: "a { opens a variable that is never closed",
          fix: "close it, like {firstName}, or write {{ for a brace of your own",
        });
        index += 1;
      } else {
        if (!VARIABLE_NAME.test(name.trim())) {
          problems.push({
            line: lineAt(index),
            message: `{${name}} is not a variable name`,
            fix: "write a name of letters and digits, like {firstName}, or {{ and }} for braces of your own",
          });
        } else {
          inlines.push({ kind: "variable", name: name.trim(), line: lineAt(index) });
        }
        index += close + 1;
      }
      textStart = index;
      continue;
    }
    const linkMatch = /^\[([^\]\n]+)\]\(([^()\s]*)\)/.exec(rest);
    if (linkMatch) {
      pushText(index);
      const [whole, label = "", rawTarget = ""] = linkMatch;
      const target = parseTarget(rawTarget, lineAt(index), problems);
      inlines.push({
        kind: "link",
        target,
        children: parseInline(label, lineAt(index), problems),
        line: lineAt(index),
      });
      index += whole.length;
      textStart = index;
      continue;
    }
    const strongMatch = /^\*\*([^*]+)\*\*/.exec(rest) ?? /^\*([^*\s][^*]*)\*/.exec(rest);
    if (strongMatch) {
      pushText(index);
      const [whole, inner = ""] = strongMatch;
      inlines.push({
        kind: whole.startsWith("**") ? "strong" : "em",
        children: parseInline(inner, lineAt(index), problems),
      });
      index += whole.length;
      textStart = index;
      continue;
    }
    index += 1;
  }
  pushText(index);
  return inlines;
}

function parseTarget(raw: string, line: number, problems: MarkdownProblem[]): LinkTarget {
  const variable = /^\{([A-Za-z][A-Za-z0-9]*)\}$/.exec(raw);
  if (variable?.[1]) return { kind: "variable", name: variable[1] };
  if (/^(https:\/\/|http:\/\/|mailto:)[^\s<>"]+$/.test(raw) || /^\/(?!\/)[^\s<>"]*$/.test(raw)) {
    return { kind: "url", value: raw };
  }
  problems.push({
    line,
    message: `the link target "${raw}" is neither a variable, a page of the site nor a full address`,
    fix: "use a link variable like ({enrollLink}), a path like (/account) or an https:// address",
  });
  return { kind: "url", value: "/" };
}

/** Every variable a list of inlines uses, with the line it sits on (link targets included). */
export function variablesIn(inlines: Inline[]): { name: string; line: number; asLink: boolean }[] {
  return inlines.flatMap((inline) => {
    if (inline.kind === "variable") return [{ name: inline.name, line: inline.line, asLink: false }];
    if (inline.kind === "link") {
      const target =
        inline.target.kind === "variable" ? [{ name: inline.target.name, line: inline.line, asLink: true }] : [];
      return [...target, ...variablesIn(inline.children)];
    }
    if (inline.kind === "strong" || inline.kind === "em") return variablesIn(inline.children);
    return [];
  });
}

/** The inlines of every block, list items included, each with its line. */
export function inlineGroups(blocks: Block[]): Inline[][] {
  return blocks.flatMap((block) => (block.kind === "list" ? block.items.map((item) => item.inlines) : [block.inlines]));
}
