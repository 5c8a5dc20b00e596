import type { EmailMessage, Emails } from "./catalog.ts";

/** "You're on the list", once she has confirmed, with a one-click unsubscribe (RFC 8058) in the headers and the body. */
export function waitlistWelcomeEmail(
  emails: Emails,
  params: { to: string; firstName: string | undefined; unsubscribePage: string; unsubscribeEndpoint: string },
): EmailMessage {
  return emails.message(
    "waitlist-welcome",
    params.to,
    {
      firstName: params.firstName,
    },
    { page: params.unsubscribePage, endpoint: params.unsubscribeEndpoint },
  );
}

/**
 * "Confirm you want to join the waitlist": the one email a join sends. Whoever typed the address also chose
 * any name given with it, so the registry gives this email no name to greet and nothing else they typed.
 */
export function waitlistConfirmationEmail(
  emails: Emails,
  params: { to: string; confirmLink: string; validDays: number },
): EmailMessage {
  return emails.message("waitlist-confirmation", params.to, {
    confirmLink: params.confirmLink,
    validDays: params.validDays,
  });
}
