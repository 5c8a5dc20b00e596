import type { MailMessage } from "@academy/mail";
import { escapeHtml } from "@academy/mail";
import { renderEmailHtml } from "./layout.ts";

/** The sign-in email: one link and the same sign-in as a code, both good for 10 minutes. */
export function signInEmail(params: { to: string; link: string; code: string }): MailMessage {
  const { to, link, code } = params;
  const text = [
    "Here is your sign-in for Strong Stride Academy.",
    "",
    `Open this link and press "Sign in": ${link}`,
    "",
    `Or type this code on the sign-in page: ${code}`,
    "",
    "The link and the code work once, for the next 10 minutes.",
    "If you did not ask to sign in, ignore this email: nobody can sign in without it.",
  ].join("\n");
  const html = renderEmailHtml(
    "Your sign-in",
    `<p style="margin:0 0 16px">Here is your sign-in for Strong Stride Academy.</p>
<p style="margin:0 0 20px"><a href="${escapeHtml(link)}" style="display:inline-block;background:#0f5e5c;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:999px;font-weight:600">Sign in</a></p>
<p style="margin:0 0 8px">Or type this code on the sign-in page:</p>
<p style="margin:0 0 20px;font:700 28px/1 ui-monospace,Menlo,Consolas,monospace;letter-spacing:6px">${escapeHtml(code)}</p>
<p style="margin:0;color:#52605f;font-size:14px">The link and the code work once, for the next 10 minutes. If you did not ask to sign in, ignore this email: nobody can sign in without it.</p>`,
  );
  return { to, subject: `Your sign-in code: ${code}`, text, html };
}
