import type { MailMessage } from "@academy/mail";
import { escapeHtml } from "@academy/mail";
import { greetingFor, renderEmailHtml } from "./layout.ts";

/** The three launch emails of a window, in the order they go out. */
export const LAUNCH_EMAIL_KINDS = ["doors-open", "public-open", "closing-reminder"] as const;
export type LaunchEmailKind = (typeof LAUNCH_EMAIL_KINDS)[number];

export interface LaunchEmailContext {
  to: string;
  firstName: string | null;
  /** "Wednesday 17 March 2027 at 10:00 Denver time" */
  publicOpensAt: string;
  closesAt: string;
  /** Her personal enroll link (signed) or the public enroll page. */
  enrollUrl: string;
  unsubscribeUrl: string;
  unsubscribeEndpoint: string;
}

const SUBJECTS: Record<LaunchEmailKind, string> = {
  "doors-open": "Doors are open: your early access starts now",
  "public-open": "Enrollment is open to everyone",
  "closing-reminder": "Doors close tomorrow",
};

/** The email for one recipient; pure, so the coach's preview is exactly what is sent. */
export function renderLaunchEmail(kind: LaunchEmailKind, context: LaunchEmailContext): MailMessage {
  const greeting = greetingFor(context.firstName);
  const paragraphs = bodyFor(kind, context);
  const text = [
    greeting,
    "",
    ...paragraphs.flatMap((paragraph) => [paragraph, ""]),
    `Enroll here: ${context.enrollUrl}`,
    "",
    `Unsubscribe with one click: ${context.unsubscribeUrl}`,
  ].join("\n");
  const html = renderEmailHtml(
    SUBJECTS[kind],
    `<p style="margin:0 0 16px">${escapeHtml(greeting)}</p>
${paragraphs.map((paragraph) => `<p style="margin:0 0 16px">${escapeHtml(paragraph)}</p>`).join("\n")}
<p style="margin:0 0 24px"><a href="${escapeHtml(context.enrollUrl)}" style="display:inline-block;background:#0f5e5c;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:999px;font-weight:600">Enroll now</a></p>
<p style="margin:0;color:#52605f;font-size:14px"><a href="${escapeHtml(context.unsubscribeUrl)}" style="color:#52605f">Unsubscribe</a></p>`,
  );
  return {
    to: context.to,
    subject: SUBJECTS[kind],
    text,
    html,
    headers: {
      "List-Unsubscribe": `<${context.unsubscribeEndpoint}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  };
}

function bodyFor(kind: LaunchEmailKind, context: LaunchEmailContext): string[] {
  switch (kind) {
    case "doors-open":
      return [
        "Doors to Strong Stride Academy are open, and because you're on the waitlist, you get in first.",
        `Your early access runs until ${context.publicOpensAt}, when enrollment opens to everyone. Doors close on ${context.closesAt}.`,
        "The button below is your personal link: it lets you enroll before anyone else.",
      ];
    case "public-open":
      return [
        "Enrollment in Strong Stride Academy is now open to everyone.",
        `Doors close on ${context.closesAt}. After that, the next chance comes with the next enrollment.`,
      ];
    case "closing-reminder":
      return [
        `A short reminder: doors to Strong Stride Academy close on ${context.closesAt}.`,
        "If you've been meaning to join, this is the moment. If not, no problem: you'll stay on the list for next time.",
      ];
  }
}
