import type { MailMessage } from "@academy/mail";
import { escapeHtml } from "@academy/mail";
import { greetingFor, renderEmailHtml } from "./layout.ts";

/** "You're on the list", once she has confirmed, with a one-click unsubscribe (RFC 8058) in the headers and the body. */
export function waitlistWelcomeEmail(params: {
  to: string;
  firstName: string | undefined;
  unsubscribePage: string;
  unsubscribeEndpoint: string;
}): MailMessage {
  const greeting = greetingFor(params.firstName);
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

/**
 * "Confirm you want to join the waitlist": the one email a join sends. Whoever typed the address also chose
 * any name given with it, so this email greets nobody by name and holds nothing else they typed.
 */
export function waitlistConfirmationEmail(params: { to: string; confirmLink: string; validDays: number }): MailMessage {
  const { to, confirmLink, validDays } = params;
  const greeting = greetingFor(undefined);
  const text = [
    greeting,
    "",
    "Someone, hopefully you, asked to join the Strong Stride Academy waitlist with this address. Open this link and press the button to confirm:",
    "",
    confirmLink,
    "",
    `The link works for ${validDays} days. Until you confirm, this address is not on the list.`,
    "If it wasn't you, ignore this email: nothing happens, and you won't hear from us.",
  ].join("\n");
  const html = renderEmailHtml(
    "Confirm you want to join the waitlist",
    `<p style="margin:0 0 16px">${greeting}</p>
<p style="margin:0 0 16px">Someone, hopefully you, asked to join the Strong Stride Academy waitlist with this address. Press the button to confirm:</p>
<p style="margin:0 0 20px"><a href="${escapeHtml(confirmLink)}" style="display:inline-block;background:#0f5e5c;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:999px;font-weight:600">Confirm and join the waitlist</a></p>
<p style="margin:0;color:#52605f;font-size:14px">The link works for ${validDays} days. Until you confirm, this address is not on the list. If it wasn't you, ignore this email: nothing happens, and you won't hear from us.</p>`,
  );
  return { to, subject: "Confirm you want to join the waitlist", text, html };
}
