import { and, asc, eq } from "drizzle-orm";
import type { Database } from "../client.ts";
import { newId } from "../id.ts";
import { lessonProgress, memberProfiles, sessionLogs } from "../schema/training.ts";

export type MemberProfileRow = typeof memberProfiles.$inferSelect;
export type SessionLogRow = typeof sessionLogs.$inferSelect;

export async function getMemberProfile(db: Database, userId: string): Promise<MemberProfileRow | undefined> {
  const [row] = await db.select().from(memberProfiles).where(eq(memberProfiles.userId, userId));
  return row;
}

export type MemberProfileParams = Omit<MemberProfileRow, "createdAt" | "updatedAt" | "calendarTokenHash">;

export async function saveMemberProfile(db: Database, params: MemberProfileParams): Promise<MemberProfileRow> {
  const { userId, ...rest } = params;
  const [row] = await db
    .insert(memberProfiles)
    .values(params)
    .onConflictDoUpdate({ target: memberProfiles.userId, set: rest })
    .returning();
  if (!row) throw new Error("saveMemberProfile: no row returned");
  return row;
}

export interface RecordSessionLogParams {
  userId: string;
  submissionId: string;
  sessionId: string | null;
  date: string;
  entry: Record<string, unknown>;
}

/** Stores a log once per submission: a repeated submission returns `created: false` and changes nothing. */
export async function recordSessionLog(db: Database, params: RecordSessionLogParams): Promise<{ created: boolean }> {
  const inserted = await db
    .insert(sessionLogs)
    .values({ id: newId("log"), ...params })
    .onConflictDoNothing({ target: [sessionLogs.userId, sessionLogs.submissionId] })
    .returning({ id: sessionLogs.id });
  return { created: inserted.length > 0 };
}

export async function listSessionLogs(db: Database, userId: string): Promise<SessionLogRow[]> {
  return db
    .select()
    .from(sessionLogs)
    .where(eq(sessionLogs.userId, userId))
    .orderBy(asc(sessionLogs.date), asc(sessionLogs.createdAt));
}

export async function completeLesson(db: Database, userId: string, lessonSlug: string): Promise<void> {
  await db.insert(lessonProgress).values({ userId, lessonSlug }).onConflictDoNothing();
}

export async function uncompleteLesson(db: Database, userId: string, lessonSlug: string): Promise<void> {
  await db
    .delete(lessonProgress)
    .where(and(eq(lessonProgress.userId, userId), eq(lessonProgress.lessonSlug, lessonSlug)));
}

export async function listCompletedLessons(db: Database, userId: string): Promise<string[]> {
  const rows = await db
    .select({ lessonSlug: lessonProgress.lessonSlug })
    .from(lessonProgress)
    .where(eq(lessonProgress.userId, userId));
  return rows.map((row) => row.lessonSlug);
}

export async function setCalendarTokenHash(db: Database, userId: string, hash: string): Promise<void> {
  await db.update(memberProfiles).set({ calendarTokenHash: hash }).where(eq(memberProfiles.userId, userId));
}

export async function findProfileByCalendarTokenHash(
  db: Database,
  hash: string,
): Promise<MemberProfileRow | undefined> {
  const [row] = await db.select().from(memberProfiles).where(eq(memberProfiles.calendarTokenHash, hash));
  return row;
}
