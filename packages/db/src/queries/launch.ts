import { and, eq } from "drizzle-orm";
import type { Database } from "../client.ts";
import { launchEmails } from "../schema/launch.ts";

export type LaunchEmailRow = typeof launchEmails.$inferSelect;

export async function listLaunchEmails(db: Database, windowId: string): Promise<LaunchEmailRow[]> {
  return db.select().from(launchEmails).where(eq(launchEmails.windowId, windowId));
}

export async function getLaunchEmail(
  db: Database,
  windowId: string,
  kind: string,
): Promise<LaunchEmailRow | undefined> {
  const [row] = await db
    .select()
    .from(launchEmails)
    .where(and(eq(launchEmails.windowId, windowId), eq(launchEmails.kind, kind)));
  return row;
}

export async function saveLaunchEmail(
  db: Database,
  params: { windowId: string; kind: string; sendAt: Date; status: string; jobId: string | null },
): Promise<void> {
  const { windowId, kind, ...rest } = params;
  await db
    .insert(launchEmails)
    .values(params)
    .onConflictDoUpdate({ target: [launchEmails.windowId, launchEmails.kind], set: rest });
}
