/**
 * A member's training as the database holds it, turned into the inputs of the pure programming engine, and what a
 * member page shows of it.
 *
 * @example
 * const access = await loadMemberAccess(services, user, isAdmin);
 * if (canReadLessons(access)) {
 *   const view = loadTrainingView(services, access); // her week, her weeks so far and her next session
 * }
 * const context = await loadMemberContext(db, plans, user.id, clock.now());
 * if (context) prescribeWeek(context);
 */
export type { MemberProfileRow } from "@academy/db/queries/training";
export {
  CALENDAR_LINK_COOKIE,
  CALENDAR_LINK_PATH,
  calendarLinkCookieOptions,
  openCalendarLink,
  sealCalendarLink,
} from "./calendar-link.ts";
export { canReadLessons, loadMemberAccess, type MemberAccess, type ReaderAccess } from "./member-access.ts";
export {
  buildMemberContext,
  deriveMembershipFromRecords,
  loadMemberContext,
  loadMemberRecords,
  type MemberRecords,
} from "./member-context.ts";
export { loadTrainingView, type TrainingView } from "./member-training.ts";
export { loadPlans } from "./plans.ts";
export { type ProfileSettingsResult, resolveProfileSettings } from "./profile-settings.ts";
