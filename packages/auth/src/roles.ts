import type { User } from "./sessions.ts";

/** The coach: her email is listed in ADMIN_EMAILS. */
export function isAdmin(user: Pick<User, "email"> | undefined, adminEmails: readonly string[]): boolean {
  return user !== undefined && adminEmails.includes(user.email.toLowerCase());
}
