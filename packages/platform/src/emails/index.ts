/**
 * The emails the platform sends, rendered to a message the mailer takes.
 *
 * @example
 * await mailer.send(signInEmail({ to, link, code }));
 */
export { signInEmail } from "./sign-in.ts";
