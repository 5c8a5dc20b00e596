import type { EnrollmentWindowRow } from "@academy/db/queries/enrollment";
import { listLaunchRecipients } from "@academy/db/queries/waitlist";
import type { MailMessage } from "@academy/mail";
import type { LaunchEmailKind } from "../emails/launch.ts";
import type { Services } from "../services.ts";
import { renderLaunchFor } from "./launches.ts";

/** How many recipients the coach can pick from in the preview: enough to check a few names, never the whole list. */
export const PREVIEW_RECIPIENT_CHOICES = 50;

export interface LaunchRecipientChoice {
  entryId: string;
  email: string;
  firstName: string | null;
}

export type LaunchPreview =
  | {
      /** Whom the message is rendered for: a recipient of this email, or the coach herself when nobody is listed. */
      recipient: LaunchRecipientChoice;
      /** The people this email would go to now (the first of them), to pick another. */
      choices: LaunchRecipientChoice[];
      totalRecipients: number;
      message: MailMessage;
      /** The line inboxes show after the subject (hidden in the HTML). */
      preheader: string;
    }
  | { notARecipient: true };

/**
 * The launch email exactly as `entryId` would get it (her name, her personal signed link, her unsubscribe link),
 * rendered by the same function the campaign sends with. Without `entryId`: the first recipient, or the coach
 * (with no name) when the list is empty.
 */
export async function previewLaunch(
  services: Parameters<typeof renderLaunchFor>[0] & Pick<Services, "database">,
  window: EnrollmentWindowRow,
  kind: LaunchEmailKind,
  params: { entryId?: string | undefined; coachEmail: string },
): Promise<LaunchPreview> {
  // The same people the campaign picks at its moment: the later emails skip those who already enrolled.
  const recipients = await listLaunchRecipients(services.database.db, { skipEnrolled: kind !== "doors-open" });
  const choices = recipients
    .slice(0, PREVIEW_RECIPIENT_CHOICES)
    .map(({ id, email, firstName }) => ({ entryId: id, email, firstName }));
  let recipient: LaunchRecipientChoice | undefined;
  if (params.entryId) {
    const found = recipients.find((entry) => entry.id === params.entryId);
    if (!found) return { notARecipient: true };
    recipient = { entryId: found.id, email: found.email, firstName: found.firstName };
  } else {
    recipient = choices[0] ?? { entryId: "wl_preview", email: params.coachEmail, firstName: null };
  }
  const message = renderLaunchFor(services, window, kind, recipient);
  // The rendered email carries its preheader along (see Emails.message); the headers added after it keep it.
  const preheader = "preheader" in message && typeof message.preheader === "string" ? message.preheader : "";
  return { recipient, choices, totalRecipients: recipients.length, message, preheader };
}
