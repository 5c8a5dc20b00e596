/**
 * What the coach's admin pages read: the dashboard (waitlist size, joins not yet confirmed, sign-ups per day,
 * every window with its phase, revenue), the waitlist search, one window with its funnel and launch emails, and
 * the members list and member page with the coach's actions on a membership (free membership, extend, refund). Changes
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
  findWaitlistPage,
  loadAdminDashboard,
  loadRevenue,
  type Revenue,
  type RevenueMonth,
  type SignupDay,
  WAITLIST_PAGE_SIZE,
  type WaitlistPage,
} from "./dashboard.ts";
export {
  type ActionRequest,
  extendMembership,
  findPlanWeek,
  formatMoney,
  giveFreeMembership,
  loadMemberDetail,
  loadMembersPage,
  MAX_EXTENSION_DAYS,
  MEMBER_LIST_STATUSES,
  MEMBERS_PER_PAGE,
  type MemberActionRefusal,
  type MemberActionResult,
  type MemberDetail,
  type MemberListEntry,
  type MemberListStatus,
  type MembersPage,
  type PlanWeek,
  refundLastPayment,
} from "./members.ts";
export {
  type LaunchEmailStatus,
  loadWindowDetail,
  loadWindowFunnelFor,
  type WindowDetail,
  type WindowFunnel,
} from "./window-detail.ts";
