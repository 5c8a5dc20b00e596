import type { Database } from "@academy/db/client";
import { newId } from "@academy/db/id";
import { perDatabase } from "@academy/db/per-database";
import { signInChallenges, users } from "@academy/db/schema";
import { and, desc, eq, gt, isNull, lt, sql } from "drizzle-orm";
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

export interface NewChallengeParams {
  /** Already normalised. */
  email: string;
  now: Date;
  returnTo?: string | undefined;
  /** The sign-in cookie of the browser asking (see `browserHash`): codes typed there count as hers. */
  requesterHash?: string | undefined;
}

/** Creates an emailed sign-in for `email`. The caller sends the link and code. */
export async function createSignInChallenge(db: Database, params: NewChallengeParams): Promise<NewChallenge> {
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
    requesterHash: params.requesterHash ?? null,
    createdAt: params.now,
  });
  return { linkToken: `${id}.${secret}`, code, expiresAt };
}

export type VerifyResult =
  | { ok: true; user: User; returnTo: string | null }
  | { ok: false; reason: "invalid" | "expired" | "wrong-code" | "burned"; attemptsLeft?: number };

/** Who is typing a code: the browser that asked for it (by its sign-in cookie's hash), or any other. */
export type CodeVerification = VerifyResult & { fromRequester: boolean };

/**
 * Consumes a magic link. Only the POST from the confirm page calls this, never the GET that opens the
 * link, so a mail scanner that follows links cannot use it up.
 */
export async function verifySignInLink(db: Database, token: string, now: Date): Promise<VerifyResult> {
  const challenge = await findLinkChallenge(db, token);
  if (!challenge) return { ok: false, reason: "invalid" };
  return consume(db, challenge, now);
}

/** What the confirm page shows before she presses the button: whose account, and whether she asked here. */
export async function describeSignInLink(
  db: Database,
  token: string,
  now: Date,
  browser: string | undefined,
): Promise<{ email: string; askedHere: boolean } | undefined> {
  const challenge = await findLinkChallenge(db, token);
  if (!challenge || challenge.consumedAt || challenge.expiresAt <= now) return undefined;
  const askedHere = browser !== undefined && challenge.requesterHash === browserHash(browser);
  return { email: challenge.email, askedHere };
}

async function findLinkChallenge(db: Database, token: string) {
  const parts = splitToken(token);
  if (!parts) return undefined;
  const [challenge] = await db.select().from(signInChallenges).where(eq(signInChallenges.id, parts.id));
  return challenge && secretMatches(parts.secret, challenge.secretHash) ? challenge : undefined;
}

/** What a challenge keeps of the browser that asked for it: never the cookie itself. */
export function browserHash(browser: string): string {
  return hashSecret(`browser:${browser}`);
}

/**
 * Checks a six-digit code. Typed in the browser that asked for it (`browser`, its sign-in cookie), the code is
 * checked against her newest challenge there, and five wrong codes burn it. Typed anywhere else, it is checked
 * against the newest challenge for the address, with five tries of its own: guesses from another browser
 * never burn her code. Taking a try and checking the code are one step: a try is reserved by one conditional
 * update before the compare, so a burst of concurrent guesses gets exactly five compares.
 */
export async function verifySignInCode(
  db: Database,
  params: { email: string; code: string; now: Date; browser?: string | undefined },
): Promise<CodeVerification> {
  const { email, code, now } = params;
  const requesterHash = params.browser === undefined ? undefined : browserHash(params.browser);
  const live = and(
    eq(signInChallenges.email, email),
    isNull(signInChallenges.consumedAt),
    gt(signInChallenges.expiresAt, now),
  );
  const newest = (where: ReturnType<typeof and>) =>
    db.select().from(signInChallenges).where(where).orderBy(desc(signInChallenges.createdAt)).limit(1);
  const [own] = requesterHash ? await newest(and(live, eq(signInChallenges.requesterHash, requesterHash))) : [];
  const fromRequester = own !== undefined;
  const challenge = own ?? (await newest(live))[0];
  if (!challenge) return { ok: false, reason: "expired", fromRequester };
  const counter = fromRequester ? signInChallenges.failedAttempts : signInChallenges.foreignFailedAttempts;
  const [reserved] = await db
    .update(signInChallenges)
    .set(fromRequester ? { failedAttempts: sql`${counter} + 1` } : { foreignFailedAttempts: sql`${counter} + 1` })
    .where(
      and(
        eq(signInChallenges.id, challenge.id),
        isNull(signInChallenges.consumedAt),
        gt(signInChallenges.expiresAt, now),
        lt(counter, MAX_CODE_ATTEMPTS),
      ),
    )
    .returning({ attempts: counter });
  if (!reserved) return { ok: false, reason: "burned", fromRequester };
  if (secretMatches(`${challenge.id}:${code}`, challenge.codeHash)) {
    return { ...(await consume(db, challenge, now)), fromRequester };
  }
  const attemptsLeft = MAX_CODE_ATTEMPTS - reserved.attempts;
  if (attemptsLeft > 0) return { ok: false, reason: "wrong-code", attemptsLeft, fromRequester };
  // Her fifth wrong code burns it; another browser's fifth only closes it to other browsers.
  if (fromRequester) {
    await db
      .update(signInChallenges)
      .set({ consumedAt: now })
      .where(and(eq(signInChallenges.id, challenge.id), isNull(signInChallenges.consumedAt)));
  }
  return { ok: false, reason: "burned", fromRequester };
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
