import { commaList } from "@academy/config/env";
import { z } from "zod";

/** Used where no APP_SECRET is set outside production; links signed with it are worthless elsewhere. */
export const DEVELOPMENT_APP_SECRET = "development-only-secret-do-not-use-in-production";

/** The variables @academy/auth reads. */
export const authEnv = {
  /** The coach's (admin) email addresses, comma-separated. */
  ADMIN_EMAILS: commaList().transform((emails) => emails.map((email) => email.toLowerCase())),
  /** Signs links in emails (unsubscribe, personal enroll links). Required in production. */
  APP_SECRET: z.string().min(32, { error: "expected a random secret of at least 32 characters" }).optional(),
};
