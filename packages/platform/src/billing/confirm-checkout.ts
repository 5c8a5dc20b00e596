import { createSession, type Session, type User, validateSessionToken } from "@academy/auth";
import {
  claimReturnSignIn,
  closeCheckout,
  findUserIdByStripeCustomer,
  listSubscriptionsById,
} from "@academy/db/queries/billing";
import { readEnrollPass } from "../enrollment/anonymous.ts";
import type { Services } from "../services.ts";
import { loadMembership } from "./membership-store.ts";
import { syncSubscription } from "./sync.ts";

/**
 * What her return from Stripe's checkout page means, and the address she paid with (for signing in).
 * "already-member": she was a member already, so this second payment was refunded and its subscription
 * cancelled (see syncSubscription).
 */
export interface CheckoutReturn {
  state: "member" | "already-member" | "processing" | "unknown";
  email: string;
  /**
   * Set when this return signed her in (see RETURN_SIGN_IN_MINUTES): the session whose token goes into her
   * session cookie, and the account it is for.
   */
  signedIn?: { token: string; session: Session; user: User };
}

/** Her return signs her in only this long after she paid; later, she signs in with her address. */
export const RETURN_SIGN_IN_MINUTES = 30;

/** The browser she came back in: its enroll pass (the cookie an anonymous enroll click set) and user agent. */
export interface ReturningBrowser {
  enrollPass?: string | undefined;
  userAgent?: string | undefined;
}

/**
 * Where she stands when Stripe sends her back after paying. It runs the same sync as the webhooks, so she
 * is a member the moment she lands, even if the webhook is still on its way; that holds for a checkout
 * opened before she had an account too (the sync makes her one). An unknown or malformed session, or
 * Stripe failing, is "unknown": the page tells her her membership is safe if she paid.
 *
 * When that checkout created her account (she paid before she had one), her return signs her in: once per
 * checkout, only in the browser that opened it (its enroll pass holds the checkout's anonymous id), and only
 * within RETURN_SIGN_IN_MINUTES of paying. An address that had an account is never signed in this way: paying
 * with someone's address must not open her account.
 */
export async function confirmCheckout(
  services: Pick<Services, "billing" | "database" | "clock" | "logger" | "appSecret" | "welcomeEmails">,
  sessionId: string,
  browser: ReturningBrowser = {},
): Promise<CheckoutReturn> {
  if (!/^cs_[A-Za-z0-9_]{8,200}$/.test(sessionId)) return { state: "unknown", email: "" };
  const { billing, database, clock } = services;
  try {
    const session = await billing.stripe.checkout.sessions.retrieve(sessionId);
    const customerId = typeof session.customer === "string" ? session.customer : session.customer?.id;
    // As her account has it (the address she typed on Stripe's page may differ in case).
    const email = (session.customer_details?.email ?? session.customer_email ?? "").toLowerCase();
    if (!customerId || session.status !== "complete") return { state: "unknown", email };
    // Paid: never handed out again, even before its webhook arrives.
    await closeCheckout(database.db, { id: session.id, outcome: "complete", at: clock.now() });
    await syncSubscription(database.db, billing.stripe, customerId, clock.now(), services.logger);
    const subscriptionId = typeof session.subscription === "string" ? session.subscription : session.subscription?.id;
    const [paid] = subscriptionId ? await listSubscriptionsById(database.db, { ids: [subscriptionId] }) : [];
    // Just paid, and cancelled already: the sync found she had a membership, and refunded this one.
    if (paid?.status === "canceled") return { state: "already-member", email };
    const userId = await findUserIdByStripeCustomer(database.db, customerId);
    if (!userId) return { state: "processing", email };
    const { member } = await loadMembership(database.db, userId, clock.now());
    if (!member) return { state: "processing", email };
    // The sync may have made her welcome email due: send it now rather than at the sender's next poll.
    services.welcomeEmails.wake();
    const invoiceId = typeof session.invoice === "string" ? session.invoice : session.invoice?.id;
    const checkout = { checkoutId: session.id, invoiceId, userId, customerId };
    const signedIn = await signInOnReturn(services, checkout, browser).catch((error: unknown) => {
      // She is a member all the same: the page offers her the usual sign-in.
      services.logger.error({ err: error, checkoutId: session.id }, "signing her in on her return failed");
      return undefined;
    });
    return signedIn ? { state: "member", email, signedIn } : { state: "member", email };
  } catch {
    return { state: "unknown", email: "" };
  }
}

/**
 * Signs her in on her return from a checkout that created her account, when this browser opened it (see
 * confirmCheckout); undefined otherwise, and when anything fails (she signs in with her address instead).
 */
async function signInOnReturn(
  services: Pick<Services, "database" | "clock" | "appSecret" | "billing">,
  paid: { checkoutId: string; invoiceId: string | undefined; userId: string; customerId: string },
  browser: ReturningBrowser,
): Promise<CheckoutReturn["signedIn"]> {
  const anonymousId = readEnrollPass(services.appSecret, browser.enrollPass);
  if (!anonymousId || !paid.invoiceId) return undefined;
  const now = services.clock.now();
  // When she paid, by Stripe (not when we first heard of it): the first invoice's payment.
  const invoice = await services.billing.stripe.invoices.retrieve(paid.invoiceId);
  const paidAt = invoice.status_transitions.paid_at;
  if (!paidAt || now.getTime() - paidAt * 1000 > RETURN_SIGN_IN_MINUTES * 60_000) return undefined;
  const { db } = services.database;
  const claimed = await claimReturnSignIn(db, {
    id: paid.checkoutId,
    anonymousId,
    userId: paid.userId,
    stripeCustomerId: paid.customerId,
    now,
  });
  if (!claimed) return undefined;
  const { token } = await createSession(db, { userId: paid.userId, now, userAgent: browser.userAgent });
  const valid = await validateSessionToken(db, token, now);
  return valid ? { token, session: valid.session, user: valid.user } : undefined;
}
