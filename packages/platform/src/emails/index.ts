/**
 * The emails the platform sends. The coach writes each one in `content/emails/<name>.md` (front matter with
 * subject and preheader, a small Markdown body, named variables like `{firstName}`); the registry says which
 * variables each may use and which it must; `loadEmails` checks them all at build and at start.
 *
 * @example
 * const emails = loadEmails({ contentDir, site: loadSite(contentDir), siteUrl });
 * await mailer.send(signInEmail(emails, { to, link, code }));
 */
export { checkEmailFiles, type EmailMessage, type Emails, loadEmails, readEmailTemplates } from "./catalog.ts";
export { LAUNCH_EMAIL_KINDS, type LaunchEmailKind, renderLaunchEmail } from "./launch.ts";
export { type EmailBrand, emailBrandFrom, greetingFor } from "./layout.ts";
export {
  emailChangeConfirmationEmail,
  emailChangedNoticeEmail,
  membershipEndedEmail,
  membershipWelcomeEmail,
  paymentFailedEmail,
} from "./membership.ts";
export { EMAIL_DEFINITIONS, EMAIL_NAMES, type EmailDefinition, type EmailName } from "./registry.ts";
export type { RenderedEmail } from "./render.ts";
export { senderOf } from "./sender.ts";
export { signInEmail } from "./sign-in.ts";
export { ContentError, type ContentProblem, formatProblem } from "./template.ts";
export { waitlistConfirmationEmail, waitlistWelcomeEmail } from "./waitlist.ts";
