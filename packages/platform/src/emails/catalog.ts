/**
 * The coach's emails, read once from `<content>/emails/*.md` and checked against the registry: the web build
 * and the server's start both call `loadEmails`, so a bad file stops either with one line per problem.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { isAbsolute, join, relative } from "node:path";
import type { MailMessage } from "@academy/mail";
import type { SiteSettings } from "../site/index.ts";
import { type EmailBrand, emailBrandFrom, greetingFor } from "./layout.ts";
import { EMAIL_NAMES, type EmailName, type EmailValues } from "./registry.ts";
import { type RenderedEmail, renderTemplate } from "./render.ts";
import { ContentError, type ContentProblem, type EmailTemplate, parseEmailTemplate } from "./template.ts";

export const EMAILS_FOLDER = "emails";

export interface Emails {
  readonly brand: EmailBrand;
  /** One email for one recipient; pure, so a preview is exactly what is sent. */
  render<Name extends EmailName>(
    name: Name,
    values: EmailValues<Name>,
    options?: { unsubscribeUrl?: string },
  ): RenderedEmail;
  /**
   * The same, as the message the mailer takes (bulk emails get the one-click unsubscribe headers); the preheader
   * rides along for previews, mailers ignore it.
   */
  message<Name extends EmailName>(
    name: Name,
    to: string,
    values: EmailValues<Name>,
    unsubscribe?: { page: string; endpoint: string },
  ): EmailMessage;
}

export type EmailMessage = MailMessage & { preheader: string };

/** The file as a person types it: relative to the working folder when inside it. */
function displayPath(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside && !inside.startsWith("..") && !isAbsolute(inside) ? inside : path;
}

/** Reads and checks every email file; every problem of every file, or the templates by name. */
export function readEmailTemplates(contentDir: string): {
  templates: Map<EmailName, EmailTemplate>;
  problems: ContentProblem[];
} {
  const folder = join(contentDir, EMAILS_FOLDER);
  const templates = new Map<EmailName, EmailTemplate>();
  const problems: ContentProblem[] = [];
  const files = existsSync(folder)
    ? readdirSync(folder)
        .filter((file) => /\.mdx?$/.test(file))
        .sort()
    : [];
  for (const file of files) {
    const parsed = parseEmailTemplate(readFileSync(join(folder, file), "utf8"), displayPath(join(folder, file)));
    if (parsed.template) templates.set(parsed.template.name, parsed.template);
    problems.push(...parsed.problems);
  }
  for (const name of EMAIL_NAMES) {
    if (!templates.has(name) && !files.some((file) => file.replace(/\.mdx?$/, "") === name)) {
      problems.push({
        file: displayPath(join(folder, `${name}.md`)),
        line: 1,
        message: `the ${name} email is missing`,
        fix: "write it (the sample academy's content/emails has one to start from)",
      });
    }
  }
  return { templates, problems };
}

/** Every problem in the email files, for the build's content checks. */
export function checkEmailFiles(contentDir: string): ContentProblem[] {
  return readEmailTemplates(contentDir).problems;
}

/** The coach's emails with her brand, ready to render; throws a ContentError naming each bad line. */
export function loadEmails(params: { contentDir: string; site: SiteSettings; siteUrl: string }): Emails {
  const { templates, problems } = readEmailTemplates(params.contentDir);
  if (problems.length > 0) throw new ContentError(problems);
  const brand = emailBrandFrom(params.site);
  const render: Emails["render"] = (name, values, options = {}) => {
    const template = templates.get(name);
    if (!template) throw new Error(`no ${name} email was loaded`);
    // What any email may use without its sender passing it: the academy's names, and the greeting her first
    // name makes. An email whose registry entry leaves a variable out never shows it.
    const { firstName } = values as { firstName?: string | null };
    const filled = {
      academyName: brand.academyName,
      coachName: brand.coachName,
      greeting: greetingFor(firstName),
      ...values,
    };
    return renderTemplate(template, filled, { brand, siteUrl: params.siteUrl, unsubscribeUrl: options.unsubscribeUrl });
  };
  return {
    brand,
    render,
    message(name, to, values, unsubscribe) {
      const rendered = render(name, values, { unsubscribeUrl: unsubscribe?.page });
      return {
        to,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        preheader: rendered.preheader,
        ...(unsubscribe && {
          headers: {
            "List-Unsubscribe": `<${unsubscribe.endpoint}>`,
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
          },
        }),
      };
    },
  };
}
