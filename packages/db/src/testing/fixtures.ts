/** A spring enrollment window as stored: the waitlist from 14 March, everyone from 17 March, closing on the 21st. */
export const SPRING_WINDOW = {
  name: "Spring",
  priorityOpensAt: new Date("2027-03-14T16:00:00Z"),
  publicOpensAt: new Date("2027-03-17T16:00:00Z"),
  closesAt: new Date("2027-03-21T02:00:00Z"),
  timeZone: "America/Denver",
  capacity: null,
};
