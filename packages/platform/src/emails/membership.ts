import type { EmailMessage, Emails } from "./catalog.ts";

/**
 * "Welcome, you're a member": what to do first (her plan, her first lesson, her calendar), her receipt and
 * the address she signs in with.
 */
export function membershipWelcomeEmail(
  emails: Emails,
  params: {
    to: string;
    firstName: string | undefined;
    siteUrl: string;
    /** Stripe's page for the payment (the paid invoice's hosted page), when Stripe has one. */
    receiptUrl: string | undefined;
  },
): EmailMessage {
  const { to, firstName, siteUrl, receiptUrl } = params;
  return emails.message("member-welcome", to, {
    firstName,
    email: to,
    planLink: `${siteUrl}/dashboard`,
    lessonsLink: `${siteUrl}/courses`,
    calendarLink: `${siteUrl}/dashboard#calendar`,
    accountLink: `${siteUrl}/account`,
    receiptLink: receiptUrl,
  });
}

/** Her card was declined: she keeps access until `accessEndsAt` (already in the coach's time zone) unless it goes through. */
export function paymentFailedEmail(
  emails: Emails,
  params: { to: string; firstName: string | undefined; siteUrl: string; accessEndsAt: string },
): EmailMessage {
  return emails.message("payment-failed", params.to, {
    firstName: params.firstName,
    accountLink: `${params.siteUrl}/account`,
    accessEndsAt: params.accessEndsAt,
  });
}

/** Her membership has ended (cancelled, or unpaid after the grace days). */
export function membershipEndedEmail(
  emails: Emails,
  params: { to: string; firstName: string | undefined; siteUrl: string },
): EmailMessage {
  return emails.message("membership-ended", params.to, {
    firstName: params.firstName,
    enrollLink: `${params.siteUrl}/enroll`,
    accountLink: `${params.siteUrl}/account`,
  });
}

/** Sent to the NEW address: the change applies only when she opens the link and presses its button. */
export function emailChangeConfirmationEmail(
  emails: Emails,
  params: { to: string; currentEmail: string; confirmLink: string; validHours: number },
): EmailMessage {
  return emails.message("email-change-confirmation", params.to, {
    currentEmail: params.currentEmail,
    confirmLink: params.confirmLink,
    validHours: params.validHours,
  });
}

/** Sent to the OLD address once the change has applied, so a change she did not make does not go unnoticed. */
export function emailChangedNoticeEmail(emails: Emails, params: { to: string; newEmail: string }): EmailMessage {
  return emails.message("email-changed-notice", params.to, {
    newEmail: params.newEmail,
  });
}
