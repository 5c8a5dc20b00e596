import { commaList } from "@academy/config/env";

/** The variables @academy/auth reads. */
export const authEnv = {
  /** The coach's (admin) email addresses, comma-separated. */
  ADMIN_EMAILS: commaList().transform((emails) => emails.map((email) => email.toLowerCase())),
};
