import { type EnrollmentWindowRow, getEnrollmentWindow } from "@academy/db/queries/enrollment";
import { getLaunchEmail, listLaunchEmails, saveLaunchEmail } from "@academy/db/queries/launch";
import { listLaunchRecipients } from "@academy/db/queries/waitlist";
import { formatMoment } from "@academy/doors";
import {
  type CampaignDelivery,
  type CampaignWorker,
  type EnqueueCampaignResult,
  enqueueCampaign,
  getCampaign,
  type Jobs,
  type ProcessCampaignOptions,
  type SendCampaignMessage,
  workCampaigns,
} from "@academy/jobs";
import { withListUnsubscribe } from "../deliverability/list-unsubscribe.ts";
import { findUnsendableKeys } from "../deliverability/send-policy.ts";
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

/**
 * A launch email whose moment passed while it waited (its window's date was moved to the past): it goes
 * out only when the coach says so (send now), or not at all (skip). It is never cancelled behind her back.
 */
export const LAUNCH_AWAITING_DECISION = "awaiting decision";

export interface LaunchesAfterMove {
  /** Scheduled emails that now go out at their date's new moment. */
  rescheduled: LaunchEmailKind[];
  /** Scheduled emails whose new moment has passed: the coach chooses between sending now and skipping. */
  awaitingDecision: LaunchEmailKind[];
}

/**
 * After a window's dates changed: each launch email still to go out follows its date to the new moment;
 * one whose new moment has already passed waits for the coach's decision instead of going out or
 * silently being cancelled.
 */
export async function followWindowDates(
  services: Pick<Services, "database" | "jobs" | "clock">,
  window: EnrollmentWindowRow,
): Promise<LaunchesAfterMove> {
  const { database, jobs, clock } = services;
  const moved: LaunchesAfterMove = { rescheduled: [], awaitingDecision: [] };
  for (const launch of await listLaunchEmails(database.db, window.id)) {
    if (launch.status !== "scheduled" && launch.status !== LAUNCH_AWAITING_DECISION) continue;
    const kind = launch.kind as LaunchEmailKind;
    const sendAt = defaultSendAt(window, kind);
    if (sendAt > clock.now()) {
      if (launch.status === "scheduled" && launch.sendAt.getTime() === sendAt.getTime()) continue;
      await scheduleLaunch(services, window, kind, sendAt);
      moved.rescheduled.push(kind);
    } else {
      if (launch.jobId) await jobs.boss.cancel(LAUNCH_PREPARE_QUEUE, launch.jobId).catch(() => {});
      await saveLaunchEmail(database.db, { ...launch, sendAt, status: LAUNCH_AWAITING_DECISION, jobId: null });
      moved.awaitingDecision.push(kind);
    }
  }
  return moved;
}

export type SendLaunchNowResult = { sending: true; recipients: number } | { alreadySent: true };

/**
 * Sends one launch email now, whatever its moment. Exactly once per recipient: the campaign of a (window,
 * kind) is enqueued once (a second call, or a job that runs at the same time, finds it enqueued) and the
 * campaign engine sends each of its recipients once.
 */
export async function sendLaunchNow(
  services: Pick<Services, "database" | "jobs" | "clock">,
  window: EnrollmentWindowRow,
  kind: LaunchEmailKind,
): Promise<SendLaunchNowResult> {
  const { database, jobs, clock } = services;
  const existing = await getLaunchEmail(database.db, window.id, kind);
  if (existing?.status === "sent") return { alreadySent: true };
  if (existing?.jobId) await jobs.boss.cancel(LAUNCH_PREPARE_QUEUE, existing.jobId).catch(() => {});
  await saveLaunchEmail(database.db, {
    windowId: window.id,
    kind,
    sendAt: clock.now(),
    status: "scheduled",
    jobId: null,
  });
  const enqueued = await prepareCampaign(services, { windowId: window.id, kind });
  return enqueued?.enqueued ? { sending: true, recipients: enqueued.recipientCount } : { alreadySent: true };
}

/** Cancels a launch email that is scheduled, or skips one that awaits her decision. False when neither. */
export async function cancelLaunch(
  services: Pick<Services, "database" | "jobs">,
  windowId: string,
  kind: LaunchEmailKind,
) {
  const existing = await getLaunchEmail(services.database.db, windowId, kind);
  if (existing?.status !== "scheduled" && existing?.status !== LAUNCH_AWAITING_DECISION) return false;
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
  services: Pick<Services, "siteUrl" | "appSecret" | "emails" | "deliverability">,
  window: EnrollmentWindowRow,
  kind: LaunchEmailKind,
  recipient: { entryId: string; email: string; firstName: string | null },
) {
  const { siteUrl, appSecret, emails } = services;
  const unsubscribe = encodeURIComponent(unsubscribeToken(appSecret, recipient.entryId));
  const invite = encodeURIComponent(enrollInviteToken(appSecret, recipient.entryId));
  const endpoint = `${siteUrl}/api/waitlist/unsubscribe?token=${unsubscribe}`;
  const message = renderLaunchEmail(emails, kind, {
    to: recipient.email,
    firstName: recipient.firstName,
    publicOpensAt: formatMoment(window.publicOpensAt, window.timeZone),
    closesAt: formatMoment(window.closesAt, window.timeZone),
    // The waitlist's doors-open email carries her personal link; the later ones do too, harmlessly.
    enrollUrl: `${siteUrl}/enroll?invite=${invite}`,
    unsubscribeUrl: `${siteUrl}/unsubscribe?token=${unsubscribe}`,
    unsubscribeEndpoint: endpoint,
  });
  // A bulk email: one-click unsubscribe (RFC 8058), with the academy's unsubscribe mailbox when it has one.
  return withListUnsubscribe(message, { endpoint, mailto: services.deliverability?.unsubscribeMailto });
}

/**
 * Starts the two workers of launch emails in this process: the one that builds each campaign at its
 * send time, and the campaign sender (batched, resumable, each recipient once; see @academy/jobs).
 */
export async function startLaunchWorkers(services: Services): Promise<CampaignWorker> {
  const { jobs } = services;
  await jobs.createQueue(LAUNCH_PREPARE_QUEUE, { retryLimit: 10, retryDelay: 30 });
  await jobs.work(LAUNCH_PREPARE_QUEUE, async ([job]) => {
    if (job) await prepareCampaign(services, job.data as PrepareJob);
  });
  const sender = launchCampaignSender(services);
  return workCampaigns<LaunchRecipient>(jobs, sender.send, {
    ...sender.options,
    pollingIntervalSeconds: 1,
    onError: (error) => services.logger.error({ err: error }, "resuming a launch email campaign failed"),
  });
}

/**
 * How launch campaigns are sent: the message per recipient, and the engine's options (suppressed addresses
 * recorded as skipped, never sent or retried; the send rate shared by every instance).
 */
export function launchCampaignSender(services: Services): {
  send: SendCampaignMessage<LaunchRecipient>;
  options: ProcessCampaignOptions;
} {
  const { database, mailer } = services;
  const windows = new Map<string, EnrollmentWindowRow | undefined>();
  return {
    async send(delivery: CampaignDelivery<LaunchRecipient>) {
      const { windowId, kind } = delivery.payload;
      if (!windows.has(windowId)) windows.set(windowId, await getEnrollmentWindow(database.db, windowId));
      const window = windows.get(windowId);
      if (!window) return;
      await mailer.send({
        ...renderLaunchFor(services, window, kind, delivery.payload),
        messageId: delivery.messageId,
      });
    },
    options: {
      messageIdDomain: new URL(services.siteUrl).hostname,
      skipRecipients: (recipients) =>
        findUnsendableKeys(
          database.db,
          "bulk",
          recipients,
          (recipient) => (recipient.payload as LaunchRecipient).email,
        ),
      ratePerSecond: services.deliverability?.sendRatePerSecond,
      batchSize: 200,
      concurrency: 8,
    },
  };
}

async function prepareCampaign(
  services: Pick<Services, "database" | "jobs" | "clock">,
  { windowId, kind }: PrepareJob,
): Promise<EnqueueCampaignResult | undefined> {
  const { database, jobs, clock } = services;
  const launch = await getLaunchEmail(database.db, windowId, kind);
  const window = await getEnrollmentWindow(database.db, windowId);
  // Only a scheduled email goes out: a cancelled one, or one awaiting the coach's decision, does not.
  if (launch?.status !== "scheduled" || !window || window.cancelledAt) return undefined;
  // The later emails skip people who have already enrolled.
  const recipients = await listLaunchRecipients(database.db, { skipEnrolled: kind !== "doors-open" });
  const enqueued = await enqueueCampaign(jobs, {
    campaignId: campaignIdFor(windowId, kind),
    recipients: recipients.map((entry) => ({
      key: entry.id,
      payload: { windowId, kind, entryId: entry.id, email: entry.email, firstName: entry.firstName },
    })),
    sendAt: clock.now(),
  });
  await saveLaunchEmail(database.db, { ...launch, status: "sent", jobId: null });
  return enqueued;
}
