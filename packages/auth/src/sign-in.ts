import type { Database } from "@academy/db/client";
import { newId } from "@academy/db/id";
import { perDatabase } from "@academy/db/per-database";
import { signInChallenges, users } from "@academy/db/schema";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { generateRandomString, generateSixDigitCode, hashSecret, secretMatches, splitToken } from "./secrets.ts";
import type { User } from "./sessions.ts";

/** Links and codes work for 10 minutes… */
export const CHALLENGE_LIFETIME_MS = 10 * 60 * 1000;
/** …and a code is burned after this many wrong guesses. */
export const MAX_CODE_ATTEMPTS = 5;

export interface NewChallenge {
  /** `<id>.<secret>` for the magic link. */
  linkToken: string;
  code: string;
  expiresAt: Date;
}

/** Creates an emailed sign-in for `email` (already normalised). The caller sends the link and code. */
export async function createSignInChallenge(
  db: Database,
  params: { email: string; now: Date; returnTo?: string | undefined },
): Promise<NewChallenge> {
  const id = newId("tok", params.now.getTime());
  const secret = generateRandomString(32);
  const code = generateSixDigitCode();
  const expiresAt = new Date(params.now.getTime() + CHALLENGE_LIFETIME_MS);
  await db.insert(signInChallenges).values({
    id,
    email: params.email,
    secretHash: hashSecret(secret),
    codeHash: hashSecret(`${id}:${code}`),
    expiresAt,
    returnTo: params.returnTo ?? null,
    createdAt: params.now,
  });
  return { linkToken: `${id}.${secret}`, code, expiresAt };
}

export type VerifyResult =
  | { ok: true; user: User; returnTo: string | null }
  | { ok: false; reason: "invalid" | "expired" | "wrong-code" | "burned"; attemptsLeft?: number };

/**
 * Consumes a magic link. Only the POST from the confirm page calls this, never the GET that opens the
 * link, so a mail scanner that follows links cannot use it up.
 */
export async function verifySignInLink(db: Database, token: string, now: Date): Promise<VerifyResult> {
  const parts = splitToken(token);
  if (!parts) return { ok: false, reason: "invalid" };
  const [challenge] = await db.select().from(signInChallenges).where(eq(signInChallenges.id, parts.id));
  if (!challenge || !secretMatches(parts.secret, challenge.secretHash)) return { ok: false, reason: "invalid" };
  return consume(db, challenge, now);
}

/** Checks a six-digit code against the newest live challenge for the email. */
export async function verifySignInCode(db: Database, email: string, code: string, now: Date): Promise<VerifyResult> {
  const [challenge] = await db
    .select()
    .from(signInChallenges)
    .where(
      and(eq(signInChallenges.email, email), isNull(signInChallenges.consumedAt), gt(signInChallenges.expiresAt, now)),
    )
    .orderBy(desc(signInChallenges.createdAt))
    .limit(1);
  if (!challenge) return { ok: false, reason: "expired" };
  if (secretMatches(`${challenge.id}:${code}`, challenge.codeHash)) return consume(db, challenge, now);
  const [updated] = await db
    .update(signInChallenges)
    .set({
      failedAttempts: sql`${signInChallenges.failedAttempts} + 1`,
      consumedAt: sql`case when ${signInChallenges.failedAttempts} + 1 >= ${MAX_CODE_ATTEMPTS} then ${now.toISOString()}::timestamptz else null end`,
    })
    .where(and(eq(signInChallenges.id, challenge.id), isNull(signInChallenges.consumedAt)))
    .returning({ failedAttempts: signInChallenges.failedAttempts });
  const attemptsLeft = MAX_CODE_ATTEMPTS - (updated?.failedAttempts ?? MAX_CODE_ATTEMPTS);
  return attemptsLeft > 0 ? { ok: false, reason: "wrong-code", attemptsLeft } : { ok: false, reason: "burned" };
}

async function consume(
  db: Database,
  challenge: typeof signInChallenges.$inferSelect,
  now: Date,
): Promise<VerifyResult> {
  if (challenge.consumedAt || challenge.expiresAt <= now) return { ok: false, reason: "expired" };
  // The conditional update makes the link or code single use even when two requests race.
  const claimed = await db
    .update(signInChallenges)
    .set({ consumedAt: now })
    .where(and(eq(signInChallenges.id, challenge.id), isNull(signInChallenges.consumedAt)))
    .returning({ id: signInChallenges.id });
  if (claimed.length === 0) return { ok: false, reason: "expired" };
  const user = await findOrCreateUser(db, challenge.email);
  return { ok: true, user, returnTo: challenge.returnTo };
}

// Enrolling runs this on every click.
const userByEmail = perDatabase((db) =>
  db
    .select()
    .from(users)
    .where(eq(users.email, sql.placeholder("email")))
    .prepare("user_by_email"),
);

/** The user with this email, created on her first sign-in. */
export async function findOrCreateUser(db: Database, email: string): Promise<User> {
  const [existing] = await userByEmail(db).execute({ email });
  if (existing) return existing;
  const [user] = await db
    .insert(users)
    .values({ id: newId("usr"), email })
    .onConflictDoUpdate({ target: users.email, set: { updatedAt: sql`${users.updatedAt}` } })
    .returning();
  if (!user) throw new Error("findOrCreateUser: no row returned");
  return user;
}
