/**
 * Changing the address she signs in with. A member asks on her account page: a link goes to the NEW address,
 * and the change applies only when that link is opened and its button pressed (once, within
 * EMAIL_CHANGE_LINK_HOURS). The coach corrects an address from the admin at once. Either way the account,
 * her waitlist entry and every Stripe customer of hers take the new address, the old address is told, and
 * an address another account uses is refused.
 *
 * @example
 * const result = await requestEmailChange(services, { user, newEmail: "new@example.com" });
 * if (result.status === "taken") showError(EMAIL_TAKEN_MESSAGE);
 */
import { consumeRateLimit, generateRandomString, hashSecret, secretMatches, splitToken } from "@academy/auth";
import {
  createEmailChangeRequest,
  findEmailChangeRequest,
  findUserEmail,
  isEmailTaken,
  updateUserEmail,
  useEmailChangeRequest,
} from "@academy/db/queries/account";
import { listUserStripeCustomers } from "@academy/db/queries/billing";
import { emailChangeConfirmationEmail, emailChangedNoticeEmail } from "../emails/membership.ts";
import type { Services } from "../services.ts";

/** How long the link sent to the new address works. */
export const EMAIL_CHANGE_LINK_HOURS = 24;

/** Change requests per account and hour: each one emails an address she typed. */
export const EMAIL_CHANGE_REQUESTS = { limit: 5, windowMs: 60 * 60 * 1000 } as const;

/** What she and the coach read when the address belongs to another account. */
export const EMAIL_TAKEN_MESSAGE =
  "Another account already uses that email address. Choose another address, or sign in to that account.";

type ChangeServices = Pick<Services, "database" | "clock" | "mailer" | "billing" | "emails">;

export type EmailChangeRequestResult =
  /** A confirmation link went to `newEmail`. */
  | { status: "sent"; newEmail: string }
  /** It is the address she has. */
  | { status: "unchanged" }
  | { status: "taken" }
  | { status: "rate-limited"; retryAfterSeconds: number };

/** A member asks to sign in with `newEmail` (trimmed, lower-case): the link goes to that address. */
export async function requestEmailChange(
  services: ChangeServices & Pick<Services, "siteUrl">,
  params: { user: { id: string; email: string }; newEmail: string },
): Promise<EmailChangeRequestResult> {
  const { user, newEmail } = params;
  const { db } = services.database;
  if (newEmail === user.email) return { status: "unchanged" };
  const now = services.clock.now();
  const limit = await consumeRateLimit(db, { key: `email-change:${user.id}`, ...EMAIL_CHANGE_REQUESTS }, now);
  if (!limit.allowed) return { status: "rate-limited", retryAfterSeconds: limit.retryAfterSeconds };
  if (await isEmailTaken(db, { email: newEmail, exceptUserId: user.id })) return { status: "taken" };
  const id = `emc_${generateRandomString(15)}`;
  const secret = generateRandomString(32);
  await createEmailChangeRequest(db, {
    id,
    userId: user.id,
    newEmail,
    secretHash: hashSecret(secret),
    expiresAt: new Date(now.getTime() + EMAIL_CHANGE_LINK_HOURS * 3_600_000),
    now,
  });
  const confirmLink = `${services.siteUrl}/account/email/confirm?token=${encodeURIComponent(`${id}.${secret}`)}`;
  await services.mailer.send(
    emailChangeConfirmationEmail(services.emails, {
      to: newEmail,
      currentEmail: user.email,
      confirmLink,
      validHours: EMAIL_CHANGE_LINK_HOURS,
    }),
  );
  return { status: "sent", newEmail };
}

/** What a change link leads to: the page shows it, and only its button's POST changes anything. */
export type EmailChangeLinkState =
  | { status: "pending"; currentEmail: string; newEmail: string }
  /** Used already: the change has applied (or was refused when it was pressed). */
  | { status: "used" }
  | { status: "expired" }
  | { status: "invalid" };

/** Reads a change link without using it (a mail scanner that opens it changes nothing). */
export async function describeEmailChangeLink(
  services: Pick<Services, "database" | "clock">,
  token: string,
): Promise<EmailChangeLinkState> {
  const request = await findRequest(services, token);
  if (!request) return { status: "invalid" };
  if (request.confirmedAt) return { status: "used" };
  if (request.expiresAt <= services.clock.now()) return { status: "expired" };
  return { status: "pending", currentEmail: request.currentEmail, newEmail: request.newEmail };
}

export type EmailChangeResult =
  | { status: "changed"; email: string; previousEmail: string }
  | { status: "taken" }
  | Exclude<EmailChangeLinkState, { status: "pending" }>;

/** Applies the change a link stands for (its button's POST), once. */
export async function confirmEmailChange(services: ChangeServices, token: string): Promise<EmailChangeResult> {
  const state = await describeEmailChangeLink(services, token);
  if (state.status !== "pending") return state;
  const request = await findRequest(services, token);
  if (!request) return { status: "invalid" };
  const { db } = services.database;
  // Checked before the link is used, so a refused change leaves it working once the address is free.
  if (await isEmailTaken(db, { email: request.newEmail, exceptUserId: request.userId })) return { status: "taken" };
  if (!(await useEmailChangeRequest(db, { id: request.id, now: services.clock.now() }))) return { status: "used" };
  return applyEmailChange(services, {
    userId: request.userId,
    from: request.currentEmail,
    to: request.newEmail,
    changeId: request.id,
  });
}

export type MemberEmailCorrection =
  | { status: "changed"; email: string; previousEmail: string }
  | { status: "unchanged"; email: string }
  | { status: "taken" }
  | { status: "not-found" };

/**
 * The coach corrects a member's address (`email` trimmed, lower-case): it applies at once. The same address
 * again writes it to Stripe again, so a correction that failed half-way is finished by repeating it.
 */
export async function correctMemberEmail(
  services: ChangeServices,
  params: { userId: string; email: string },
): Promise<MemberEmailCorrection> {
  const { db } = services.database;
  const current = await findUserEmail(db, { userId: params.userId });
  if (current === undefined) return { status: "not-found" };
  const changeId = `admin-${services.clock.now().getTime()}`;
  if (current === params.email) {
    await updateStripeCustomers(services, params.userId, params.email, changeId);
    return { status: "unchanged", email: current };
  }
  if (await isEmailTaken(db, { email: params.email, exceptUserId: params.userId })) return { status: "taken" };
  const result = await applyEmailChange(services, {
    userId: params.userId,
    from: current,
    to: params.email,
    changeId,
  });
  return result.status === "used" || result.status === "expired" || result.status === "invalid"
    ? { status: "not-found" }
    : result;
}

/**
 * Stripe first: if it fails, nothing here has changed and she (or the coach) can try again. Then the account
 * (the unique index has the last word: on a race lost, Stripe gets the old address back), then the notice to
 * the old address.
 */
async function applyEmailChange(
  services: ChangeServices,
  change: { userId: string; from: string; to: string; changeId: string },
): Promise<EmailChangeResult> {
  const { db } = services.database;
  await updateStripeCustomers(services, change.userId, change.to, change.changeId);
  const updated = await updateUserEmail(db, { userId: change.userId, email: change.to, now: services.clock.now() });
  if (updated !== "changed") {
    await updateStripeCustomers(services, change.userId, change.from, `${change.changeId}-undo`);
    return updated === "taken" ? { status: "taken" } : { status: "invalid" };
  }
  await services.mailer.send(emailChangedNoticeEmail(services.emails, { to: change.from, newEmail: change.to }));
  return { status: "changed", email: change.to, previousEmail: change.from };
}

/** Every Stripe customer of hers gets the address: receipts and Stripe's own emails go where she reads. */
async function updateStripeCustomers(
  services: Pick<Services, "database" | "billing">,
  userId: string,
  email: string,
  changeId: string,
): Promise<void> {
  const customers = await listUserStripeCustomers(services.database.db, { userId });
  for (const customerId of customers) {
    await services.billing.stripe.customers.update(
      customerId,
      { email },
      { idempotencyKey: `email-change-${changeId}-${customerId}` },
    );
  }
}

async function findRequest(services: Pick<Services, "database">, token: string) {
  const parts = splitToken(token);
  if (!parts?.id.startsWith("emc_")) return undefined;
  const request = await findEmailChangeRequest(services.database.db, { id: parts.id });
  return request && secretMatches(parts.secret, request.secretHash) ? request : undefined;
}
