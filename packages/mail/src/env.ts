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
      error: 'expected an address like "Coach Maren <coach@example.com>"',
    })
    .default("Strong Stride Academy <coach@strongstride.localhost>"),
};
