/**
 * Enrollment windows as one object: priority (waitlist) → public → closed, derived from the clock on
 * the server. Pure: the clock is an argument.
 *
 * @example
 * const parsed = parseWindowInput({ name: "Spring", priorityOpensAt: "2027-03-14T10:00",
 *   publicOpensAt: "2027-03-17T10:00", closesAt: "2027-03-21T20:00", timeZone: "America/Denver" });
 * if (parsed.ok) phaseAt({ ...parsed.window, id: "win_1", cancelledAt: null }, new Date()); // "scheduled"
 */
export * from "./countdown.ts";
export * from "./time-zone.ts";
export * from "./window.ts";
