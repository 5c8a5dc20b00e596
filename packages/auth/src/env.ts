import { commaList } from "@academy/config/env";
import { z } from "zod";

/** The variables @academy/auth reads. */
export const authEnv = {
  /** The coach's (admin) email addresses, comma-separated. */
  ADMIN_EMAILS: commaList().transform((emails) => emails.map((email) => email.toLowerCase())),
  /**
   * Signs links in emails (unsubscribe, personal enroll links). Required in production; elsewhere, when unset,
   * a random one is made on the first start and kept in the database.
   */
  APP_SECRET: z.string().min(32, { error: "expected a random secret of at least 32 characters" }).optional(),
};
