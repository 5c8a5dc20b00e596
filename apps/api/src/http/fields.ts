import { z } from "zod";

/** An email address as people type it: trimmed and lower-cased before it is checked. */
export const emailField = z
  .string({ error: "Enter your email address." })
  .trim()
  .toLowerCase()
  .pipe(
    z
      .email({ error: "Enter an email address like name@example.com." })
      .max(254, { error: "That email address is too long." }),
  );

/** Where to go after a form: any string, made safe by `safeReturnPath` where it is used. */
export const returnToField = z.string().max(2000).optional().catch(undefined);
