/**
 * The one frame every email is sent in: tables for the clients that need them (Outlook), inline styles (Gmail
 * drops most `<style>`), light colours inline with a dark scheme for the clients that honour
 * `prefers-color-scheme`, the preheader as hidden text, and her brand from site.yaml. The academy's name is
 * set as text on a solid colour, never as a transparent image that a dark mode could make unreadable.
 */
import { escapeHtml } from "@academy/mail";
import type { Palette, SiteSettings } from "../site/index.ts";

/** What an email's frame needs from site.yaml. */
export interface EmailBrand {
  academyName: string;
  coachName: string;
  locale: string;
  timeZone: string;
  light: Palette;
  dark: Palette;
  postalAddress: string | undefined;
}

export function emailBrandFrom(site: SiteSettings): EmailBrand {
  return {
    academyName: site.academy.name,
    coachName: site.coach.name,
    locale: site.academy.locale,
    timeZone: site.academy.timeZone,
    light: site.colors.light,
    dark: site.colors.dark,
    postalAddress: site.sender.postalAddress,
  };
}

/**
 * The first line of an email: her first name when we know it, else a plain "Hello," (never a bare "Hi,", which
 * reads like a name went missing).
 */
export function greetingFor(firstName: string | null | undefined): string {
  const name = firstName?.trim();
  return name ? `Hi ${name},` : "Hello,";
}

const FONT = "system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

/** Inline styles for the body's pieces, from the light palette (the dark one comes from the `<style>` block). */
export function bodyStyles(brand: EmailBrand) {
  const { light } = brand;
  return {
    paragraph: "margin:0 0 16px",
    heading: (level: number) =>
      `margin:0 0 12px;font:700 ${level === 1 ? 22 : level === 2 ? 19 : 17}px/1.3 ${FONT};color:${light.text}`,
    list: "margin:0 0 16px;padding-left:22px",
    item: "margin:0 0 8px",
    link: `color:${light.primary};text-decoration:underline`,
    buttonCell: `border-radius:999px;background:${light.primary}`,
    button: `display:inline-block;padding:12px 22px;border-radius:999px;background:${light.primary};color:${light.onPrimary};font:600 16px/1.2 ${FONT};text-decoration:none`,
  };
}

export interface FrameInput {
  brand: EmailBrand;
  subject: string;
  preheader: string;
  bodyHtml: string;
  /** Bulk emails carry her one-click unsubscribe in the footer. */
  unsubscribeUrl?: string | undefined;
}

/** The full HTML document of an email. Every value in it is escaped here or by the body renderer. */
export function renderEmailFrame(input: FrameInput): string {
  const { brand } = input;
  const { light, dark } = brand;
  const e = escapeHtml;
  // Some clients show the start of the body after the preheader: the padding pushes it out of the preview.
  const preheaderPadding = "&#8199;&#847; ".repeat(60);
  const footer = [
    brand.postalAddress ? e(brand.postalAddress) : e(brand.academyName),
    input.unsubscribeUrl
      ? `<a href="${e(input.unsubscribeUrl)}" class="email-muted" style="color:${light.muted};text-decoration:underline">Unsubscribe</a>`
      : "",
  ]
    .filter(Boolean)
    .join("<br>");
  return `<!doctype html>
<html lang="${e(brand.locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="x-apple-disable-message-reformatting">
<meta name="color-scheme" content="light dark">
<meta name="supported-color-schemes" content="light dark">
<title>${e(input.subject)}</title>
<style>
:root{color-scheme:light dark;supported-color-schemes:light dark}
@media (prefers-color-scheme:dark){
.email-bg{background:${dark.background}!important}
.email-card{background:${dark.surface}!important;border-color:${dark.border}!important;color:${dark.text}!important}
.email-card h1,.email-card h2,.email-card h3{color:${dark.text}!important}
.email-brand{color:${dark.primary}!important}
.email-card a{color:${dark.primary}!important}
.email-card a.email-button{background:${dark.primary}!important;color:${dark.onPrimary}!important}
.email-button-cell{background:${dark.primary}!important}
.email-muted{color:${dark.muted}!important}
}
</style>
</head>
<body class="email-bg" style="margin:0;padding:0;background:${light.background};-webkit-text-size-adjust:100%">
<div style="display:none;max-height:0;max-width:0;overflow:hidden;opacity:0;mso-hide:all;font-size:1px;line-height:1px;color:${light.background}">${e(input.preheader)}${preheaderPadding}</div>
<table role="presentation" class="email-bg" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:${light.background}">
<tr><td align="center" style="padding:24px 12px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px">
<tr><td class="email-brand" style="padding:0 4px 14px;font:700 19px/1.3 Georgia,'Times New Roman',serif;color:${light.primary}">${e(brand.academyName)}</td></tr>
<tr><td class="email-card" style="background:${light.surface};border:1px solid ${light.border};border-radius:12px;padding:28px 24px;color:${light.text};font:16px/1.6 ${FONT}">
${input.bodyHtml}
</td></tr>
<tr><td class="email-muted" style="padding:16px 4px;font:13px/1.5 ${FONT};color:${light.muted}">${footer}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>`;
}

/** The plain-text part's footer, from the same facts as the HTML one. */
export function renderTextFooter(brand: EmailBrand, unsubscribeUrl: string | undefined): string {
  const lines = ["--", brand.postalAddress ?? brand.academyName];
  if (unsubscribeUrl) lines.push(`Unsubscribe with one click: ${unsubscribeUrl}`);
  return lines.join("\n");
}
