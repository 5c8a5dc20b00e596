import type { MailMessage } from "@academy/mail";
import { escapeHtml } from "@academy/mail";
import { renderEmailHtml } from "./layout.ts";

const BUTTON =
  "display:inline-block;background:#0f5e5c;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:999px;font-weight:600";
const LINK = "color:#0f5e5c";
const SMALL = "margin:0;color:#52605f;font-size:14px";

/**
 * "Welcome, you're a member": what to do first (her plan, her first lesson, her calendar), her receipt and
 * the address she signs in with. She is greeted by name only when we know it; never with a bare "Hi,".
 */
export function membershipWelcomeEmail(params: {
  to: string;
  firstName: string | undefined;
  siteUrl: string;
  /** Stripe's page for the payment (the paid invoice's hosted page), when Stripe has one. */
  receiptUrl: string | undefined;
}): MailMessage {
  const { to, firstName, siteUrl, receiptUrl } = params;
  const plan = `${siteUrl}/dashboard`;
  const lessons = `${siteUrl}/courses`;
  const calendar = `${siteUrl}/dashboard#calendar`;
  const account = `${siteUrl}/account`;
  const opening = firstName
    ? `Hi ${firstName}, welcome to Strong Stride Academy: your membership is active.`
    : "Welcome to Strong Stride Academy: your membership is active.";
  const text = [
    opening,
    "",
    "What to do first:",
    `1. Open your plan and set your level and start date: ${plan}`,
    `2. Read your first lesson: ${lessons}`,
    `3. Put your plan in your calendar, so each session shows up on its day: ${calendar}`,
    "",
    ...(receiptUrl ? [`Your receipt: ${receiptUrl}`, ""] : []),
    `To sign in, use this address (${to}): we email you a link and a code, no password.`,
    `Your card, a pause or cancelling are all in your account: ${account}`,
  ].join("\n");
  const html = renderEmailHtml(
    "Welcome, you're a member",
    `<p style="margin:0 0 16px">${escapeHtml(opening)}</p>
<p style="margin:0 0 8px;font-weight:600">What to do first:</p>
<ol style="margin:0 0 20px;padding-left:20px">
<li style="margin:0 0 8px"><a href="${escapeHtml(plan)}" style="${LINK}">Open your plan</a> and set your level and start date.</li>
<li style="margin:0 0 8px"><a href="${escapeHtml(lessons)}" style="${LINK}">Read your first lesson</a>.</li>
<li style="margin:0"><a href="${escapeHtml(calendar)}" style="${LINK}">Put your plan in your calendar</a>, so each session shows up on its day.</li>
</ol>
<p style="margin:0 0 20px"><a href="${escapeHtml(plan)}" style="${BUTTON}">Open your plan</a></p>
${receiptUrl ? `<p style="margin:0 0 16px"><a href="${escapeHtml(receiptUrl)}" style="${LINK}">View your receipt</a></p>` : ""}
<p style="${SMALL}">To sign in, use this address (${escapeHtml(to)}): we email you a link and a code, no password. Your card, a pause or cancelling are all in <a href="${escapeHtml(account)}" style="${LINK}">your account</a>.</p>`,
  );
  return { to, subject: "Welcome to Strong Stride Academy: you're a member", text, html };
}

/** Sent to the NEW address: the change applies only when she opens the link and presses its button. */
export function emailChangeConfirmationEmail(params: {
  to: string;
  currentEmail: string;
  confirmLink: string;
  validHours: number;
}): MailMessage {
  const { to, currentEmail, confirmLink, validHours } = params;
  const text = [
    `You asked to sign in to Strong Stride Academy with this address instead of ${currentEmail}.`,
    "",
    "Open this link and press the button to confirm:",
    confirmLink,
    "",
    `The link works once, for ${validHours} hours. Until you confirm, nothing changes.`,
    "If it wasn't you, ignore this email.",
  ].join("\n");
  const html = renderEmailHtml(
    "Confirm your new email address",
    `<p style="margin:0 0 16px">You asked to sign in to Strong Stride Academy with this address instead of ${escapeHtml(currentEmail)}.</p>
<p style="margin:0 0 20px"><a href="${escapeHtml(confirmLink)}" style="${BUTTON}">Confirm this address</a></p>
<p style="${SMALL}">The link works once, for ${validHours} hours. Until you confirm, nothing changes. If it wasn't you, ignore this email.</p>`,
  );
  return { to, subject: "Confirm your new email address", text, html };
}

/** Sent to the OLD address once the change has applied, so a change she did not make does not go unnoticed. */
export function emailChangedNoticeEmail(params: { to: string; newEmail: string }): MailMessage {
  const { to, newEmail } = params;
  const text = [
    `Your Strong Stride Academy account now signs in with ${newEmail} instead of this address.`,
    "",
    "If you did not make this change, reply to this email at once so we can put it right.",
  ].join("\n");
  const html = renderEmailHtml(
    "Your email address was changed",
    `<p style="margin:0 0 16px">Your Strong Stride Academy account now signs in with <strong>${escapeHtml(newEmail)}</strong> instead of this address.</p>
<p style="${SMALL}">If you did not make this change, reply to this email at once so we can put it right.</p>`,
  );
  return { to, subject: "Your email address was changed", text, html };
}
