/**
 * Text that no field may hold: a NUL byte (PostgreSQL cannot store it) or half of a surrogate pair (a broken
 * emoji, which no email or page can show). The API refuses it in every body and query, the pages in every
 * query, with a 4xx that says what to fix.
 *
 * @example
 * hasUnreadableText("Ann\u0000"); // true
 * hasUnreadableText("Ann 🏃"); // false
 */
export function hasUnreadableText(value: string): boolean {
  return value.includes("\u0000") || !value.isWellFormed();
}

/** The message for a field (or `""` for the whole request) that holds unreadable text. */
export function unreadableTextMessage(field: string): string {
  const name = field.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return `Remove the invisible or broken character from ${name ? `the ${name} field` : "the request"} and try again.`;
}
