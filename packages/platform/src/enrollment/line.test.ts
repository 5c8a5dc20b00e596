import type { LineFigures, LineOpening } from "@academy/db/queries/enroll-line";
import { describe, expect, it } from "vitest";
import {
  countUnderWay,
  isBeyondCap,
  isFull,
  isLong,
  type LineHolder,
  lineTicket,
  placeAtEnd,
  placeOf,
  readLineTicket,
} from "./line.ts";

const account = (userId: string): LineHolder => ({ kind: "account", userId });
const anonymous = (anonymousId: string): LineHolder => ({ kind: "anonymous", anonymousId });
const SECRET = "secret-secret-secret-secret-secret";

/** The line as one look reads it: numbers first..last under way in each priority, and her row. */
function line(
  proven: [number, number] | [],
  anonymousSpan: [number, number] | [] = [],
  mine?: LineOpening,
): LineFigures {
  const span = ([first, last]: [number, number] | []) => ({ first: first ?? 0, last: last ?? 0 });
  return { mine, proven: span(proven), anonymous: span(anonymousSpan) };
}

describe("the line at the doors", () => {
  it("counts the people ahead of her in the order they joined, from the first still under way", () => {
    const options = { perSecond: 2, maxAnonymous: 100 };
    // Numbers 1 and 2 are under way; she is number 2.
    const hers = line([1, 2], [], { priority: "proven", number: 2, state: "waiting" });
    expect(placeOf(hers, options)).toEqual({ ahead: 1, waitSeconds: 1 });
    // Number 1 finished: she is next, and a newcomer has her ahead.
    const later = line([2, 2], [], { priority: "proven", number: 2, state: "opening" });
    expect(placeOf(later, options)).toEqual({ ahead: 0, waitSeconds: 1 });
    expect(placeAtEnd(later, "proven", options)).toEqual({ ahead: 1, waitSeconds: 1 });
    // Her checkout is open: she is no longer in line.
    expect(placeOf(line([], [], { priority: "proven", number: 2, state: "open" }), options)).toBeUndefined();
  });

  it("is long once her turn is more than a few seconds away, and full at two minutes, except for someone in it", () => {
    const options = { perSecond: 1, maxAnonymous: 1_000 };
    const three = line([1, 3]);
    expect(isLong(placeAtEnd(three, "proven", options), options)).toBe(true);
    expect(
      isLong(
        placeOf(line([1, 3], [], { priority: "proven", number: 1, state: "opening" }), options) ?? {
          ahead: 99,
          waitSeconds: 99,
        },
        options,
      ),
    ).toBe(false);
    expect(isFull(three, "proven", options)).toBe(false);
    const full = line([1, 120]);
    expect(isFull(full, "proven", options)).toBe(true);
    expect(isFull(line([1, 120], [], { priority: "proven", number: 120, state: "waiting" }), "proven", options)).toBe(
      false,
    );
  });

  it("puts proven visitors ahead of every anonymous one, whenever they came", () => {
    const options = { perSecond: 10, maxAnonymous: 1_000 };
    // Fifty anonymous openings are under way: she is still first in the proven line, and in the request.
    const hers = line([1, 1], [1, 50], { priority: "proven", number: 1, state: "waiting" });
    expect(placeOf(hers, options)).toEqual({ ahead: 0, waitSeconds: 1 });
    expect(isLong(placeAtEnd(line([], [1, 50]), "proven", options), options)).toBe(false);
    // An anonymous newcomer has everyone ahead of her; the first anonymous one has the proven one.
    expect(placeAtEnd(hers, "anonymous", options).ahead).toBe(51);
    expect(isLong(placeAtEnd(hers, "anonymous", options), options)).toBe(true);
    expect(placeOf(line([1, 1], [1, 50], { priority: "anonymous", number: 1, state: "waiting" }), options)?.ahead).toBe(
      1,
    );
    expect(countUnderWay(hers)).toBe(51);
  });

  it("caps anonymous openings without ever turning a proven visitor away for them", () => {
    const options = { perSecond: 20, maxAnonymous: 5 };
    expect(isFull(line([], [1, 5]), "anonymous", options)).toBe(true);
    // Someone already in line keeps her place.
    expect(isFull(line([], [1, 5], { priority: "anonymous", number: 5, state: "waiting" }), "anonymous", options)).toBe(
      false,
    );
    expect(isFull(line([], [1, 5]), "proven", options)).toBe(false);
  });

  it("tells those who joined at the same moment past the cap that they came too late, and nobody before them", () => {
    const options = { perSecond: 20, maxAnonymous: 5 };
    // Eight anonymous clicks all found room at once and joined: numbers 1 to 8.
    const joined = (number: number) => line([], [1, 8], { priority: "anonymous", number, state: "waiting" });
    expect(isBeyondCap(joined(5), options)).toBe(false);
    expect(isBeyondCap(joined(6), options)).toBe(true);
    // Two minutes of the pace at 1 a second: the 120th proven visitor is in, the 121st is not.
    const proven = (number: number) => line([1, 130], [], { priority: "proven", number, state: "waiting" });
    expect(isBeyondCap(proven(120), { perSecond: 1, maxAnonymous: 5 })).toBe(false);
    expect(isBeyondCap(proven(121), { perSecond: 1, maxAnonymous: 5 })).toBe(true);
  });

  it("reads back who a ticket is for, account or anonymous, and nothing from a forged one", () => {
    const ticket = lineTicket(SECRET, account("usr_a"), "win_1");
    expect(readLineTicket(SECRET, ticket)).toEqual({ holder: account("usr_a"), windowId: "win_1" });
    const anonymousTicket = lineTicket(SECRET, anonymous("abc"), "win_1");
    expect(readLineTicket(SECRET, anonymousTicket)).toEqual({ holder: anonymous("abc"), windowId: "win_1" });
    expect(readLineTicket("another-secret-another-secret-1234", ticket)).toBeUndefined();
    expect(readLineTicket(SECRET, `${ticket.slice(0, -2)}xx`)).toBeUndefined();
  });
});
