/**
 * RFC 8058 one-click unsubscribe headers for every bulk email: mail clients (Gmail, Apple Mail, Yahoo) show
 * an Unsubscribe button that POSTs `List-Unsubscribe=One-Click` to the https URL, with no cookie and no page;
 * the signed token in the URL is the authority. A `mailto:` is offered too when LIST_UNSUBSCRIBE_MAILTO names
 * a mailbox someone reads (RFC 2369); the https URL comes first, as RFC 8058 asks.
 *
 * @example
 * const message = withListUnsubscribe(rendered, { endpoint: `${siteUrl}/api/waitlist/unsubscribe?token=…`, mailto });
 */
import type { MailMessage } from "@academy/mail";

export interface ListUnsubscribe {
  /** The one-click endpoint: https, with the signed token in its query. */
  endpoint: string;
  /** An address that takes unsubscribe requests by email; left out when unset. */
  mailto?: string | undefined;
}

export function listUnsubscribeHeaders({ endpoint, mailto }: ListUnsubscribe): Record<string, string> {
  const targets = [`<${endpoint}>`];
  if (mailto) {
    // The subject carries the endpoint, so whoever reads the mailbox can act on it with one click too.
    const subject = encodeURIComponent(`unsubscribe ${endpoint}`);
    targets.push(`<mailto:${mailto}?subject=${subject}>`);
  }
  return {
    "List-Unsubscribe": targets.join(", "),
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}

/** The message with its one-click unsubscribe headers set (replacing any it had). */
export function withListUnsubscribe<Message extends MailMessage>(
  message: Message,
  unsubscribe: ListUnsubscribe,
): Message {
  return { ...message, headers: { ...message.headers, ...listUnsubscribeHeaders(unsubscribe) } };
}
