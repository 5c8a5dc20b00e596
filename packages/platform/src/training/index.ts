/**
 * A member's training as the database holds it, turned into the inputs of the pure programming engine.
 *
 * @example
 * const context = await loadMemberContext(db, plans, user.id, clock.now());
 * if (context) prescribeWeek(context);
 */
export {
  buildMemberContext,
  deriveMembershipFromRecords,
  loadMemberContext,
  loadMemberRecords,
  type MemberRecords,
} from "./member-context.ts";
export { loadPlans } from "./plans.ts";
