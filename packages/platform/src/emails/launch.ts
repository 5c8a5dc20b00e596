import type { EmailMessage, Emails } from "./catalog.ts";

/** The three launch emails of a window, in the order they go out; each is a file in content/emails. */
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

/** The email for one recipient; pure, so the coach's preview is exactly what is sent. */
export function renderLaunchEmail(emails: Emails, kind: LaunchEmailKind, context: LaunchEmailContext): EmailMessage {
  return emails.message(
    kind,
    context.to,
    {
      firstName: context.firstName,
      enrollLink: context.enrollUrl,
      publicOpensAt: context.publicOpensAt,
      closesAt: context.closesAt,
    },
    { page: context.unsubscribeUrl, endpoint: context.unsubscribeEndpoint },
  );
}
