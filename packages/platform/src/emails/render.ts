/**
 * Fills a checked email template for one recipient: the HTML part and the plain-text part come from the same
 * blocks, and every value goes in as text (escaped in HTML), so nothing a person typed becomes markup.
 */
import { escapeHtml } from "@academy/mail";
import { bodyStyles, type EmailBrand, renderEmailFrame, renderTextFooter } from "./layout.ts";
import type { Block, Inline, LinkTarget } from "./markdown.ts";
import { variablesIn } from "./markdown.ts";
import { EMAIL_DEFINITIONS } from "./registry.ts";
import type { EmailTemplate } from "./template.ts";

export type TemplateValues = Record<string, string | number | null | undefined>;

export interface RenderedEmail {
  subject: string;
  preheader: string;
  html: string;
  text: string;
}

export interface RenderOptions {
  brand: EmailBrand;
  /** The site's origin, for links written as paths (`/account`). */
  siteUrl: string;
  unsubscribeUrl?: string | undefined;
}

export function renderTemplate(template: EmailTemplate, values: TemplateValues, options: RenderOptions): RenderedEmail {
  const definition = EMAIL_DEFINITIONS[template.name];
  const variables: Record<string, { required: boolean }> = definition.variables;
  const filled: Record<string, string> = {};
  for (const [name, variable] of Object.entries(variables)) {
    const value = values[name];
    const text =
      value === null || value === undefined
        ? ""
        : String(value)
            .replace(/[\r\n]+/g, " ")
            .trim();
    if (variable.required && text === "")
      throw new Error(`The ${template.name} email needs {${name}}, and none was given`);
    filled[name] = text;
  }
  // A paragraph or list item that uses an optional variable without a value is left out ("Your receipt: …").
  const complete = (inlines: Inline[]) => variablesIn(inlines).every((use) => filled[use.name] !== "");
  const blocks = template.blocks.flatMap((block): Block[] => {
    if (block.kind !== "list") return complete(block.inlines) ? [block] : [];
    const items = block.items.filter((item) => complete(item.inlines));
    return items.length > 0 ? [{ ...block, items }] : [];
  });
  const resolve = (target: LinkTarget) =>
    target.kind === "variable"
      ? (filled[target.name] ?? "")
      : target.value.startsWith("/")
        ? `${options.siteUrl}${target.value}`
        : target.value;
  const subject = toText(template.subject, filled, resolve);
  const preheader = toText(template.preheader, filled, resolve);
  const bodyHtml = blocks.map((block) => blockHtml(block, filled, resolve, bodyStyles(options.brand))).join("\n");
  const bodyText = blocks.map((block) => blockText(block, filled, resolve)).join("\n\n");
  return {
    subject,
    preheader,
    html: renderEmailFrame({
      brand: options.brand,
      subject,
      preheader,
      bodyHtml,
      unsubscribeUrl: options.unsubscribeUrl,
    }),
    text: `${bodyText}\n\n${renderTextFooter(options.brand, options.unsubscribeUrl)}`,
  };
}

type Resolve = (target: LinkTarget) => string;
type Styles = ReturnType<typeof bodyStyles>;

function inlineHtml(inlines: Inline[], values: Record<string, string>, resolve: Resolve, styles: Styles): string {
  return inlines
    .map((inline) => {
      switch (inline.kind) {
        case "text":
          return escapeHtml(inline.value).replaceAll("\n", "<br>\n");
        case "variable":
          return escapeHtml(values[inline.name] ?? "");
        case "strong":
          return `<strong>${inlineHtml(inline.children, values, resolve, styles)}</strong>`;
        case "em":
          return `<em>${inlineHtml(inline.children, values, resolve, styles)}</em>`;
        case "link":
          return `<a href="${escapeHtml(safeHref(resolve(inline.target)))}" style="${styles.link}">${inlineHtml(inline.children, values, resolve, styles)}</a>`;
        default:
          return unreachable(inline);
      }
    })
    .join("");
}

function blockHtml(block: Block, values: Record<string, string>, resolve: Resolve, styles: Styles): string {
  switch (block.kind) {
    case "paragraph":
      return `<p style="${styles.paragraph}">${inlineHtml(block.inlines, values, resolve, styles)}</p>`;
    case "heading":
      return `<h${block.level} style="${styles.heading(block.level)}">${inlineHtml(block.inlines, values, resolve, styles)}</h${block.level}>`;
    case "list": {
      const tag = block.ordered ? "ol" : "ul";
      const items = block.items.map(
        (item) => `<li style="${styles.item}">${inlineHtml(item.inlines, values, resolve, styles)}</li>`,
      );
      return `<${tag} style="${styles.list}">\n${items.join("\n")}\n</${tag}>`;
    }
    case "button": {
      const link = block.inlines.find((inline) => inline.kind === "link");
      if (link?.kind !== "link") return "";
      // A table cell with its own background: Outlook ignores padding and radius on links.
      return `<table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:4px 0 20px"><tr><td class="email-button-cell" style="${styles.buttonCell}"><a class="email-button" href="${escapeHtml(safeHref(resolve(link.target)))}" style="${styles.button}">${inlineHtml(link.children, values, resolve, styles)}</a></td></tr></table>`;
    }
  }
}

function toText(inlines: Inline[], values: Record<string, string>, resolve: Resolve): string {
  return inlines
    .map((inline) => {
      switch (inline.kind) {
        case "text":
          return inline.value;
        case "variable":
          return values[inline.name] ?? "";
        case "strong":
        case "em":
          return toText(inline.children, values, resolve);
        case "link":
          return `${toText(inline.children, values, resolve)} (${resolve(inline.target)})`;
        default:
          return unreachable(inline);
      }
    })
    .join("");
}

function blockText(block: Block, values: Record<string, string>, resolve: Resolve): string {
  switch (block.kind) {
    case "paragraph":
    case "heading":
      return toText(block.inlines, values, resolve);
    case "list":
      return block.items
        .map((item, index) => `${block.ordered ? `${index + 1}.` : "-"} ${toText(item.inlines, values, resolve)}`)
        .join("\n");
    case "button": {
      const link = block.inlines.find((inline) => inline.kind === "link");
      return link?.kind === "link" ? `${toText(link.children, values, resolve)}: ${resolve(link.target)}` : "";
    }
  }
}

/** Only web and mail links reach an email; anything else (a `javascript:` value) becomes the site's home. */
function safeHref(href: string): string {
  return /^(https?:\/\/|mailto:)/i.test(href) ? href : "#";
}

function unreachable(inline: never): never {
  throw new Error(`Unknown inline ${JSON.stringify(inline)}`);
}
