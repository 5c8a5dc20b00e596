import { z } from "zod";

/** The variables @academy/mail reads. */
export const mailEnv = {
  SMTP_URL: z
    .url({
      protocol: /^smtps?$/,
      error: "expected an smtp:// or smtps:// URL, e.g. smtps://user:pass@smtp.example.com:465",
    })
    .optional(),
  MAIL_FROM: z
    .string()
    .regex(/^[^<>]*<[^\s@<>]+@[^\s@<>]+>$|^[^\s@<>]+@[^\s@<>]+$/, {
      error: 'expected an address like "Coach Name <coach@example.com>"',
    })
    // Unset: the sender in the academy's site.yaml (sender.name and sender.address).
    .optional(),
};
