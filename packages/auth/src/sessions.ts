import type { Database } from "@academy/db/client";
import { perDatabase } from "@academy/db/per-database";
import { sessions, users } from "@academy/db/schema";
import { and, desc, eq, ne, sql } from "drizzle-orm";
import { generateRandomString, hashSecret, secretMatches, splitToken } from "./secrets.ts";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** A session ends after 30 days without a visit… */
export const SESSION_INACTIVITY_MS = 30 * DAY;
/** …and 90 days after sign-in whatever happens, so a stolen cookie cannot live forever. */
export const SESSION_MAX_LIFETIME_MS = 90 * DAY;
/** Activity is written back at most once an hour, not on every request. */
export const SESSION_RENEWAL_INTERVAL_MS = HOUR;

export type Session = typeof sessions.$inferSelect;
export type User = typeof users.$inferSelect;

export interface ValidSession {
  session: Session;
  user: User;
  /** True when the expiry moved forward: set the cookie again so the browser keeps it as long. */
  renewed: boolean;
}

/** Starts a new session for the user; the token goes into the cookie and nowhere else. */
export async function createSession(
  db: Database,
  params: { userId: string; now: Date; userAgent?: string | undefined },
): Promise<{ session: Session; token: string }> {
  const id = `ses_${generateRandomString(15)}`;
  const secret = generateRandomString(32);
  const [session] = await db
    .insert(sessions)
    .values({
      id,
      userId: params.userId,
      secretHash: hashSecret(secret),
      lastVerifiedAt: params.now,
      expiresAt: new Date(params.now.getTime() + SESSION_MAX_LIFETIME_MS),
      userAgent: params.userAgent?.slice(0, 300) ?? null,
      createdAt: params.now,
    })
    .returning();
  if (!session) throw new Error("createSession: no row returned");
  return { session, token: `${id}.${secret}` };
}

/** The session and user behind a cookie token, or undefined when it is unknown, wrong or expired. */
export async function validateSessionToken(db: Database, token: string, now: Date): Promise<ValidSession | undefined> {
  const parts = splitToken(token);
  if (!parts?.id.startsWith("ses_")) return undefined;
  const [row] = await sessionWithUser(db).execute({ id: parts.id });
  if (!row || !secretMatches(parts.secret, row.session.secretHash)) return undefined;
  const { session, user } = row;
  if (now >= inactivityDeadline(session) || now >= session.expiresAt) {
    await db.delete(sessions).where(eq(sessions.id, session.id));
    return undefined;
  }
  if (now.getTime() - session.lastVerifiedAt.getTime() < SESSION_RENEWAL_INTERVAL_MS) {
    return { session, user, renewed: false };
  }
  await db.update(sessions).set({ lastVerifiedAt: now }).where(eq(sessions.id, session.id));
  return { session: { ...session, lastVerifiedAt: now }, user, renewed: true };
}

// Every signed-in request runs this one.
const sessionWithUser = perDatabase((db) =>
  db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder("id")))
    .prepare("session_with_user"),
);

/** When the cookie should expire: the sooner of the inactivity and the absolute deadline. */
export function sessionCookieExpiry(session: Session): Date {
  const inactivity = inactivityDeadline(session);
  return new Date(Math.min(inactivity.getTime(), session.expiresAt.getTime()));
}

function inactivityDeadline(session: Session): Date {
  return new Date(session.lastVerifiedAt.getTime() + SESSION_INACTIVITY_MS);
}

export async function invalidateSession(db: Database, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends one of the user's sessions (from the account page); false when it is not hers. */
export async function invalidateUserSession(db: Database, userId: string, sessionId: string): Promise<boolean> {
  const removed = await db
    .delete(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
    .returning({ id: sessions.id });
  return removed.length > 0;
}

/** "Sign out everywhere": every session of the user, or every one but `exceptSessionId`. */
export async function invalidateUserSessions(db: Database, userId: string, exceptSessionId?: string): Promise<number> {
  const removed = await db
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), exceptSessionId ? ne(sessions.id, exceptSessionId) : undefined))
    .returning({ id: sessions.id });
  return removed.length;
}

export async function listUserSessions(db: Database, userId: string): Promise<Session[]> {
  return db.select().from(sessions).where(eq(sessions.userId, userId)).orderBy(desc(sessions.lastVerifiedAt));
}
