import { and, asc, eq, sql } from "drizzle-orm";
import type { Database } from "../client.ts";
import { newId } from "../id.ts";
import { perDatabase } from "../per-database.ts";
import { users } from "../schema/auth.ts";
import { lessonProgress, memberProfiles, type StoredSessionLog, sessionLogs } from "../schema/training.ts";

export type MemberProfileRow = typeof memberProfiles.$inferSelect;
export type SessionLogRow = typeof sessionLogs.$inferSelect;

export async function getMemberProfile(db: Database, userId: string): Promise<MemberProfileRow | undefined> {
  const [row] = await db.select().from(memberProfiles).where(eq(memberProfiles.userId, userId));
  return row;
}

/** What a member page needs of her training records: her plan settings, her logs and her completed lessons. */
export interface MemberTraining {
  /** Undefined until she sets up her plan. */
  profile: MemberProfileRow | undefined;
  /** Oldest first: by day, then as logged. */
  logs: Pick<SessionLogRow, "id" | "entry">[];
  /** Alphabetical. */
  completedLessons: string[];
}

/** Her profile, logs and completed lessons in one query: one round trip on every member page instead of three. */
export async function getMemberTraining(db: Database, userId: string): Promise<MemberTraining> {
  const [row] = await memberTrainingOf(db).execute({ userId });
  return { profile: row?.profile ?? undefined, logs: row?.logs ?? [], completedLessons: row?.completedLessons ?? [] };
}

/** PostgreSQL sends jsonb parsed or as text depending on the driver. */
const parseJson = (value: unknown) => (typeof value === "string" ? JSON.parse(value) : value);

const memberTrainingOf = perDatabase((db) =>
  db
    .select({
      profile: memberProfiles,
      logs: sql<MemberTraining["logs"]>`coalesce((
        select jsonb_agg(jsonb_build_object('id', ${sessionLogs.id}, 'entry', ${sessionLogs.entry})
          order by ${sessionLogs.date}, ${sessionLogs.createdAt}, ${sessionLogs.id})
        from ${sessionLogs} where ${sessionLogs.userId} = ${users.id}), '[]'::jsonb)`.mapWith(parseJson),
      completedLessons: sql<string[]>`coalesce((
        select jsonb_agg(${lessonProgress.lessonSlug} order by ${lessonProgress.lessonSlug})
        from ${lessonProgress} where ${lessonProgress.userId} = ${users.id}), '[]'::jsonb)`.mapWith(parseJson),
    })
    .from(users)
    .leftJoin(memberProfiles, eq(memberProfiles.userId, users.id))
    .where(eq(users.id, sql.placeholder("userId")))
    .prepare("member_training_of"),
);

/** Her race date, recent race and maximum heart rate are optional: left out, they stay as they were. */
type OptionalProfileFields = "raceDate" | "recentRace" | "maxHeartRate";
export type MemberProfileParams = Omit<
  MemberProfileRow,
  "createdAt" | "updatedAt" | "calendarTokenHash" | OptionalProfileFields
> &
  Partial<Pick<MemberProfileRow, OptionalProfileFields>>;

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
  entry: StoredSessionLog;
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
    .orderBy(asc(sessionLogs.date), asc(sessionLogs.createdAt), asc(sessionLogs.id));
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
