/**
 * Durable background jobs on the platform database: pg-boss running over the connection that
 * `openDatabase()` opened (embedded PGlite or PostgreSQL), and on top of it campaigns, which send
 * one message to each of many recipients at a given time, resumably and once per recipient.
 *
 * @example
 * const jobs = await createJobs<{ "welcome-email": { userId: string } }>({ database });
 * await jobs.send("welcome-email", { userId }, { startAfter: inOneHour });
 * await jobs.work("welcome-email", async ([job]) => sendWelcome(job?.data.userId));
 *
 * const campaigns = await workCampaigns<{ email: string }>(jobs, async (delivery) => {
 *   await transport.sendMail({ to: delivery.payload.email, messageId: delivery.messageId, subject, text });
 * });
 * await enqueueCampaign(jobs, { campaignId: "launch-2025", recipients: waitlist, sendAt: doorsOpen });
 * // on shutdown
 * await campaigns.stop();
 * await jobs.stop();
 * await database.close();
 */
export {
  buildCampaignMessageId,
  CAMPAIGN_QUEUE,
  type Campaign,
  type CampaignCounts,
  type CampaignDelivery,
  type CampaignJobs,
  CampaignLockLostError,
  CampaignNotFoundError,
  type CampaignRecipient,
  type CampaignRunResult,
  type CampaignStatus,
  type CampaignWorker,
  campaignQueueOptions,
  type EnqueueCampaignParams,
  type EnqueueCampaignResult,
  enqueueCampaign,
  getCampaign,
  listSentRecipientKeys,
  type ProcessCampaignOptions,
  processCampaign,
  type SendCampaignMessage,
  type WorkCampaignsOptions,
  workCampaigns,
} from "./campaign.ts";
export {
  adaptDatabase,
  adaptPglite,
  adaptPostgres,
  type JobsDatabase,
  type SqlSession,
  UnsupportedDatabaseError,
} from "./database-adapter.ts";
export {
  type CreateJobsOptions,
  createJobs,
  type Job,
  type Jobs,
  type QueueMap,
  type QueueOptions,
  type QueuePolicy,
  type ScheduleOptions,
  type SendOptions,
  SingletonKeyIgnoredError,
  type WorkOptions,
} from "./jobs.ts";
export { createSendPace, type SendPace, type SendPaceOptions } from "./send-pace.ts";
