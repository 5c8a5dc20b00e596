/**
 * Her account: changing the address she signs in with (her own request, confirmed at the new address, or the
 * coach's correction).
 *
 * @example
 * const result = await confirmEmailChange(services, token);
 * if (result.status === "changed") redirect("/account?notice=Your+email+address+is+changed.");
 */
export {
  confirmEmailChange,
  correctMemberEmail,
  describeEmailChangeLink,
  EMAIL_CHANGE_LINK_HOURS,
  EMAIL_TAKEN_MESSAGE,
  type EmailChangeLinkState,
  type EmailChangeRequestResult,
  type EmailChangeResult,
  type MemberEmailCorrection,
  requestEmailChange,
} from "./email-change.ts";
