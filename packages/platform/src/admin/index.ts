/**
 * What the coach's admin pages read: the dashboard (waitlist size, joins not yet confirmed, sign-ups per day,
 * every window with its phase), the waitlist search, and one window with its funnel and launch emails. Changes
 * go through the API's admin routes.
 *
 * @example
 * const { waitlistCount, unconfirmedCount, signupsPerDay, windows } = await loadAdminDashboard(services, 60);
 * const detail = await loadWindowDetail(services, windowId);
 * if (!detail) return new Response("No such window", { status: 404 });
 */
export {
  type AdminDashboard,
  type AdminWindow,
  findWaitlistEntries,
  loadAdminDashboard,
  type SignupDay,
} from "./dashboard.ts";
export { type LaunchEmailStatus, loadWindowDetail, type WindowDetail } from "./window-detail.ts";
