/**
 * Enrollment: who is at the door, what she may do there, and the way to her checkout page through the
 * line at the doors. One service per process (`services.enrollment`), owning its own state. A visitor who
 * is signed in or holds her personal link is proven; anyone else is anonymous, known only by the pass her
 * browser keeps (see anonymous.ts).
 *
 * @example
 * const door = await services.enrollment.checkDoor({ user, invite }); // what the enroll page shows
 * const result = await services.enrollment.enroll({ user, invite, email, pass, network });
 * if (result.kind === "checkout") redirect(result.url); // and keep result.pass in her enroll cookie
 */
export {
  ANONYMOUS_CLICKS_PER_NETWORK,
  ENROLL_PASS_MAX_AGE_SECONDS,
  enrollPassCookieName,
  MAX_ANONYMOUS_OPENINGS,
} from "./anonymous.ts";
export {
  createEnrollment,
  type Door,
  type DoorVisitor,
  type Enrollment,
  type EnrollmentOptions,
  type EnrollRefusal,
  type EnrollRequest,
  type EnrollResult,
} from "./enrollment.ts";
export { type LineHolder, type LineState, lineTicket, type PlaceInLine, WAIT_IN_REQUEST_MS } from "./line.ts";
export type { EnrollVisitor } from "./visitor.ts";
