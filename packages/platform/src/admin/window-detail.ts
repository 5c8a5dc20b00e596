import { type EnrollmentWindowRow, getEnrollmentWindow } from "@academy/db/queries/enrollment";
import { loadWindowFunnel, type WindowFunnel } from "@academy/db/queries/funnel";
import { listLaunchEmails } from "@academy/db/queries/launch";
import { type Campaign, getCampaign, listSentRecipientKeys } from "@academy/jobs";
import { LAUNCH_EMAIL_KINDS, type LaunchEmailKind } from "../emails/launch.ts";
import { campaignIdFor, defaultSendAt } from "../launch/launches.ts";
import type { Services } from "../services.ts";

export type { WindowFunnel };

export interface LaunchEmailStatus {
  kind: LaunchEmailKind;
  /** When it went or goes out as saved; the default moment while it is not scheduled (or was cancelled). */
  sendAt: Date;
  /** `scheduled`, `sent`, `cancelled`… as saved, or `not scheduled`. */
  status: string;
  /** Its campaign's progress once it has started going out. */
  campaign: Campaign | undefined;
  /** Its moment has passed: it can no longer be scheduled. */
  past: boolean;
}

export interface WindowDetail {
  window: EnrollmentWindowRow;
  funnel: WindowFunnel;
  /** One per launch email kind, in the order they go out. */
  launches: LaunchEmailStatus[];
}

/** One window as the coach edits it: its funnel and its launch emails. Undefined when there is no such window. */
export async function loadWindowDetail(
  services: Pick<Services, "database" | "jobs" | "clock">,
  windowId: string,
): Promise<WindowDetail | undefined> {
  const { database, jobs, clock } = services;
  const window = await getEnrollmentWindow(database.db, windowId);
  if (!window) return undefined;
  const [funnel, saved] = await Promise.all([
    loadWindowFunnelFor(services, window.id),
    listLaunchEmails(database.db, window.id),
  ]);
  const now = clock.now();
  const launches = await Promise.all(
    LAUNCH_EMAIL_KINDS.map(async (kind) => {
      const row = saved.find((launch) => launch.kind === kind);
      const sendAt = row && row.status !== "cancelled" ? row.sendAt : defaultSendAt(window, kind);
      const campaign = await getCampaign(jobs, campaignIdFor(window.id, kind));
      return { kind, sendAt, status: row?.status ?? "not scheduled", campaign, past: sendAt <= now };
    }),
  );
  return { window, funnel, launches };
}

/** A window's funnel: who of the waitlist was emailed comes from its launch campaigns' deliveries. */
export async function loadWindowFunnelFor(
  services: Pick<Services, "database" | "jobs">,
  windowId: string,
): Promise<WindowFunnel> {
  const campaigns = LAUNCH_EMAIL_KINDS.map((kind) => campaignIdFor(windowId, kind));
  const emailed = await listSentRecipientKeys(services.jobs, campaigns);
  return loadWindowFunnel(services.database.db, windowId, emailed);
}
