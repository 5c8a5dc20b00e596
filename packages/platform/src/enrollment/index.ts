/**
 * Enrollment: who is at the door, what she may do there, and the way to her checkout page through the
 * line at the doors. One service per process (`services.enrollment`), owning its own state.
 *
 * @example
 * const door = await services.enrollment.checkDoor({ user, invite }); // what the enroll page shows
 * const result = await services.enrollment.enroll({ user, invite, email });
 * if (result.kind === "checkout") redirect(result.url);
 */
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
export { type LineState, lineTicket, type PlaceInLine, WAIT_IN_REQUEST_MS } from "./line.ts";
export type { EnrollVisitor } from "./visitor.ts";
