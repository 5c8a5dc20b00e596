import type { MailMessage } from "@academy/mail";
import { escapeHtml } from "@academy/mail";
import { renderEmailHtml } from "./layout.ts";

/** "You're on the list", with a one-click unsubscribe (RFC 8058) in the headers and the body. */
export function waitlistWelcomeEmail(params: {
  to: string;
  firstName: string | undefined;
  unsubscribePage: string;
  unsubscribeEndpoint: string;
}): MailMessage {
  const greeting = params.firstName ? `Hi ${params.firstName},` : "Hi,";
  const text = [
    greeting,
    "",
    "You're on the Strong Stride Academy waitlist. When doors open, the waitlist gets in first: you'll get an email with your personal enroll link the moment they do.",
    "",
    "Until then, expect a new article now and then, and nothing else.",
    "",
    `Changed your mind? Unsubscribe with one click: ${params.unsubscribePage}`,
  ].join("\n");
  const html = renderEmailHtml(
    "You're on the list",
    `<p style="margin:0 0 16px">${escapeHtml(greeting)}</p>
<p style="margin:0 0 16px">You're on the Strong Stride Academy waitlist. When doors open, the waitlist gets in first: you'll get an email with your personal enroll link the moment they do.</p>
<p style="margin:0 0 16px">Until then, expect a new article now and then, and nothing else.</p>
<p style="margin:0;color:#52605f;font-size:14px">Changed your mind? <a href="${escapeHtml(params.unsubscribePage)}" style="color:#0f5e5c">Unsubscribe with one click</a>.</p>`,
  );
  return {
    to: params.to,
    subject: "You're on the list",
    text,
    html,
    headers: {
      "List-Unsubscribe": `<${params.unsubscribeEndpoint}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    },
  };
}
