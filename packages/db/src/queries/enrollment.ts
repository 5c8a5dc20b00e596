import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Database } from "../client.ts";
import { newId } from "../id.ts";
import { perDatabase } from "../per-database.ts";
import { enrollmentWindows } from "../schema/enrollment.ts";

export type EnrollmentWindowRow = typeof enrollmentWindows.$inferSelect;

export interface WindowParams {
  name: string;
  priorityOpensAt: Date;
  publicOpensAt: Date;
  closesAt: Date;
  timeZone: string;
  capacity: number | null;
}

/** Thrown when the database refuses a window that overlaps a live one (a race the API check missed). */
export class WindowOverlapError extends Error {
  override name = "WindowOverlapError";
}

export async function createEnrollmentWindow(db: Database, params: WindowParams): Promise<EnrollmentWindowRow> {
  try {
    const [row] = await db
      .insert(enrollmentWindows)
      .values({ id: newId("win"), ...params })
      .returning();
    if (!row) throw new Error("createEnrollmentWindow: no row returned");
    return row;
  } catch (error) {
    throw translateOverlap(error);
  }
}

export async function updateEnrollmentWindow(
  db: Database,
  id: string,
  params: WindowParams,
): Promise<EnrollmentWindowRow | undefined> {
  try {
    const [row] = await db.update(enrollmentWindows).set(params).where(eq(enrollmentWindows.id, id)).returning();
    return row;
  } catch (error) {
    throw translateOverlap(error);
  }
}

export async function cancelEnrollmentWindow(
  db: Database,
  id: string,
  now: Date,
): Promise<EnrollmentWindowRow | undefined> {
  const [row] = await db
    .update(enrollmentWindows)
    .set({ cancelledAt: now })
    .where(and(eq(enrollmentWindows.id, id), isNull(enrollmentWindows.cancelledAt)))
    .returning();
  return row;
}

export async function getEnrollmentWindow(db: Database, id: string): Promise<EnrollmentWindowRow | undefined> {
  const [row] = await db.select().from(enrollmentWindows).where(eq(enrollmentWindows.id, id));
  return row;
}

/** Every window, soonest first, for the coach's list. */
export async function listEnrollmentWindows(db: Database): Promise<EnrollmentWindowRow[]> {
  return db.select().from(enrollmentWindows).orderBy(asc(enrollmentWindows.priorityOpensAt));
}

/**
 * Every live window that has not closed at `now`, soonest first: the first is the one visitors see (open
 * now, or next), then any later ones.
 */
export async function listWindowsAhead(db: Database, now: Date): Promise<EnrollmentWindowRow[]> {
  return windowsAhead(db).execute({ now: now.toISOString() });
}

const windowsAhead = perDatabase((db) =>
  db
    .select()
    .from(enrollmentWindows)
    .where(and(isNull(enrollmentWindows.cancelledAt), gt(enrollmentWindows.closesAt, sql.placeholder("now"))))
    .orderBy(asc(enrollmentWindows.priorityOpensAt))
    .prepare("windows_ahead"),
);

function translateOverlap(error: unknown): unknown {
  const text = `${(error as { message?: string })?.message ?? ""} ${(error as { cause?: { message?: string } })?.cause?.message ?? ""}`;
  const code = (error as { code?: string })?.code ?? (error as { cause?: { code?: string } })?.cause?.code;
  if (code === "23P01" || text.includes("enrollment_windows_no_overlap")) {
    return new WindowOverlapError("These dates overlap another enrollment window. Windows cannot overlap.");
  }
  return error;
}
