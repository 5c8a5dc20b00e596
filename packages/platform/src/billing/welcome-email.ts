/**
 * The welcome email of a new membership, sent once through the platform's outbox sender (see
 * ../waitlist/welcome-emails.ts): the sync records it as due in the database when it first finds a
 * subscription live (markMembershipWelcomesDue), and the sender claims it with a lease, renders it here and
 * marks it sent. A crash anywhere in between sends it later, never twice by design; a resend after a crash
 * carries the same Message-ID.
 */
import {
  claimDueMembershipWelcomes,
  type DueMembershipWelcome,
  markMembershipWelcomesSent,
} from "@academy/db/queries/billing";
import { listWaitlistEntriesByEmail } from "@academy/db/queries/waitlist";
import type { MailMessage } from "@academy/mail";
import type Stripe from "stripe";
import { membershipWelcomeEmail } from "../emails/membership.ts";
import type { Services } from "../services.ts";

type WelcomeEmailServices = Pick<Services, "database" | "billing" | "siteUrl" | "emails">;

/** Claims the due membership welcomes and renders each (reading her receipt and name from Stripe). */
export async function claimMembershipWelcomeEmails(
  services: WelcomeEmailServices,
  params: { limit: number; leaseSeconds: number },
): Promise<{ id: string; email: string; message: MailMessage }[]> {
  const due = await claimDueMembershipWelcomes(services.database.db, params);
  const messageIdDomain = new URL(services.siteUrl).hostname;
  return Promise.all(
    due.map(async (welcome) => ({
      id: welcome.id,
      email: welcome.email,
      message: { ...(await renderWelcome(services, welcome)), messageId: `<member.${welcome.id}@${messageIdDomain}>` },
    })),
  );
}

/** Marks these welcomes sent: nobody claims them again. */
export async function markMembershipWelcomeEmailsSent(
  services: Pick<Services, "database">,
  ids: readonly string[],
): Promise<void> {
  await markMembershipWelcomesSent(services.database.db, ids);
}

async function renderWelcome(services: WelcomeEmailServices, welcome: DueMembershipWelcome): Promise<MailMessage> {
  const { stripe } = services.billing;
  const [invoices, customer, entries] = await Promise.all([
    stripe.invoices.list({ subscription: welcome.id, status: "paid", limit: 1 }),
    stripe.customers.retrieve(welcome.stripeCustomerId),
    listWaitlistEntriesByEmail(services.database.db, { email: welcome.email }),
  ]);
  return membershipWelcomeEmail(services.emails, {
    to: welcome.email,
    firstName: firstNameOf(entries, customer),
    siteUrl: services.siteUrl,
    receiptUrl: invoices.data[0]?.hosted_invoice_url ?? undefined,
  });
}

/**
 * The name she goes by, when we know it: the first name she confirmed on the waitlist, else the first word
 * of the name she paid with on Stripe's page.
 */
function firstNameOf(
  entries: readonly { firstName: string | null; confirmedAt: Date | null }[],
  customer: Stripe.Customer | Stripe.DeletedCustomer,
): string | undefined {
  const confirmed = entries.find((entry) => entry.confirmedAt !== null && entry.firstName?.trim())?.firstName?.trim();
  if (confirmed) return confirmed;
  const paidAs = customer.deleted ? undefined : customer.name?.trim().split(/\s+/)[0];
  return paidAs || undefined;
}
