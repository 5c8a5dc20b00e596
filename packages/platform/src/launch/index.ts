/**
 * Launch emails: the doors-open, public-opening and closing-reminder emails of a window, scheduled as jobs
 * and sent as campaigns (each recipient once).
 *
 * @example
 * await scheduleLaunch(services, window, "doors-open", sendAt);
 */
export { LAUNCH_EMAIL_KINDS, type LaunchEmailKind } from "../emails/launch.ts";
export {
  campaignIdFor,
  cancelLaunch,
  defaultSendAt,
  followWindowDates,
  LAUNCH_AWAITING_DECISION,
  type LaunchesAfterMove,
  launchCampaignSender,
  launchProgress,
  renderLaunchFor,
  type SendLaunchNowResult,
  scheduleLaunch,
  sendLaunchNow,
  startLaunchWorkers,
} from "./launches.ts";
export { type LaunchPreview, type LaunchRecipientChoice, PREVIEW_RECIPIENT_CHOICES, previewLaunch } from "./preview.ts";
