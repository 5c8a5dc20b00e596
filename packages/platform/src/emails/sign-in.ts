import type { EmailMessage, Emails } from "./catalog.ts";

/** The sign-in email: one link and the same sign-in as a code, both good for 10 minutes. */
export function signInEmail(emails: Emails, params: { to: string; link: string; code: string }): EmailMessage {
  return emails.message("sign-in", params.to, {
    signInLink: params.link,
    code: params.code,
    validMinutes: 10,
  });
}
