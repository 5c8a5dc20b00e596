import { type EnrollmentWindowRow, getEnrollmentWindow } from "@academy/db/queries/enrollment";
import { getLaunchEmail, saveLaunchEmail } from "@academy/db/queries/launch";
import { listLaunchRecipients } from "@academy/db/queries/waitlist";
import { formatMoment } from "@academy/doors";
import {
  type CampaignDelivery,
  type CampaignWorker,
  enqueueCampaign,
  getCampaign,
  type Jobs,
  workCampaigns,
} from "@academy/jobs";
import { type LaunchEmailKind, renderLaunchEmail } from "../emails/launch.ts";
import type { Services } from "../services.ts";
import { enrollInviteToken, unsubscribeToken } from "../waitlist/links.ts";

/** The queue whose jobs, at each launch email's send time, turn the waitlist into a campaign. */
export const LAUNCH_PREPARE_QUEUE = "launch-prepare";

interface PrepareJob {
  windowId: string;
  kind: LaunchEmailKind;
}

interface LaunchRecipient {
  windowId: string;
  kind: LaunchEmailKind;
  entryId: string;
  email: string;
  firstName: string | null;
}

export function campaignIdFor(windowId: string, kind: LaunchEmailKind): string {
  return `launch-${windowId}-${kind}`;
}

/** When each launch email goes out by default: doors open, public opening, and a day before closing. */
export function defaultSendAt(window: EnrollmentWindowRow, kind: LaunchEmailKind): Date {
  if (kind === "doors-open") return window.priorityOpensAt;
  if (kind === "public-open") return window.publicOpensAt;
  return new Date(window.closesAt.getTime() - 24 * 3_600_000);
}

/** Schedules (or reschedules) one launch email; who receives it is decided when it goes out. */
export async function scheduleLaunch(
  services: Pick<Services, "database" | "jobs">,
  window: EnrollmentWindowRow,
  kind: LaunchEmailKind,
  sendAt: Date = defaultSendAt(window, kind),
): Promise<void> {
  const { database, jobs } = services;
  const existing = await getLaunchEmail(database.db, window.id, kind);
  if (existing?.status === "sent") throw new Error("This email has already gone out.");
  if (existing?.jobId) await jobs.boss.cancel(LAUNCH_PREPARE_QUEUE, existing.jobId).catch(() => {});
  const jobId = await jobs.send(
    LAUNCH_PREPARE_QUEUE,
    { windowId: window.id, kind },
    { startAfter: sendAt, retryLimit: 10 },
  );
  await saveLaunchEmail(database.db, { windowId: window.id, kind, sendAt, status: "scheduled", jobId });
}

export async function cancelLaunch(
  services: Pick<Services, "database" | "jobs">,
  windowId: string,
  kind: LaunchEmailKind,
) {
  const existing = await getLaunchEmail(services.database.db, windowId, kind);
  if (existing?.status !== "scheduled") return false;
  if (existing.jobId) await services.jobs.boss.cancel(LAUNCH_PREPARE_QUEUE, existing.jobId).catch(() => {});
  await saveLaunchEmail(services.database.db, { ...existing, status: "cancelled", jobId: null });
  return true;
}

/** Progress of a launch email's campaign: recipients, sent, failed. */
export async function launchProgress(jobs: Jobs, windowId: string, kind: LaunchEmailKind) {
  return getCampaign(jobs, campaignIdFor(windowId, kind));
}

/** The message one recipient gets: the same function for preview, test send and the real send. */
export function renderLaunchFor(
  services: Pick<Services, "siteUrl" | "appSecret">,
  window: EnrollmentWindowRow,
  kind: LaunchEmailKind,
  recipient: { entryId: string; email: string; firstName: string | null },
) {
  const { siteUrl, appSecret } = services;
  const unsubscribe = encodeURIComponent(unsubscribeToken(appSecret, recipient.entryId));
  const invite = encodeURIComponent(enrollInviteToken(appSecret, recipient.entryId));
  return renderLaunchEmail(kind, {
    to: recipient.email,
    firstName: recipient.firstName,
    windowName: window.name,
    publicOpensAt: formatMoment(window.publicOpensAt, window.timeZone),
    closesAt: formatMoment(window.closesAt, window.timeZone),
    // The waitlist's doors-open email carries her personal link; the later ones do too, harmlessly.
    enrollUrl: `${siteUrl}/enroll?invite=${invite}`,
    unsubscribeUrl: `${siteUrl}/unsubscribe?token=${unsubscribe}`,
    unsubscribeEndpoint: `${siteUrl}/api/waitlist/unsubscribe?token=${unsubscribe}`,
  });
}

/**
 * Starts the two workers of launch emails in this process: the one that builds each campaign at its
 * send time, and the campaign sender (batched, resumable, each recipient once; see @academy/jobs).
 */
export async function startLaunchWorkers(services: Services): Promise<CampaignWorker> {
  const { jobs, database, mailer } = services;
  await jobs.createQueue(LAUNCH_PREPARE_QUEUE, { retryLimit: 10, retryDelay: 30 });
  await jobs.work(LAUNCH_PREPARE_QUEUE, async ([job]) => {
    if (job) await prepareCampaign(services, job.data as PrepareJob);
  });
  const windows = new Map<string, EnrollmentWindowRow | undefined>();
  return workCampaigns<LaunchRecipient>(
    jobs,
    async (delivery: CampaignDelivery<LaunchRecipient>) => {
      const { windowId, kind } = delivery.payload;
      if (!windows.has(windowId)) windows.set(windowId, await getEnrollmentWindow(database.db, windowId));
      const window = windows.get(windowId);
      if (!window) return;
      await mailer.send({
        ...renderLaunchFor(services, window, kind, delivery.payload),
        messageId: delivery.messageId,
      });
    },
    { messageIdDomain: new URL(services.siteUrl).hostname, batchSize: 200, concurrency: 8, pollingIntervalSeconds: 1 },
  );
}

async function prepareCampaign(services: Services, { windowId, kind }: PrepareJob): Promise<void> {
  const { database, jobs, clock } = services;
  const launch = await getLaunchEmail(database.db, windowId, kind);
  const window = await getEnrollmentWindow(database.db, windowId);
  if (!launch || launch.status === "cancelled" || !window || window.cancelledAt) return;
  // The later emails skip people who have already enrolled.
  const recipients = await listLaunchRecipients(database.db, { skipEnrolled: kind !== "doors-open" });
  await enqueueCampaign(jobs, {
    campaignId: campaignIdFor(windowId, kind),
    recipients: recipients.map((entry) => ({
      key: entry.id,
      payload: { windowId, kind, entryId: entry.id, email: entry.email, firstName: entry.firstName },
    })),
    sendAt: clock.now(),
  });
  await saveLaunchEmail(database.db, { ...launch, status: "sent", jobId: null });
}
