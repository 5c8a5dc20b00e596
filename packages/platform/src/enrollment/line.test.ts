import { describe, expect, it } from "vitest";
import { createCheckoutLine, type LineHolder, lineTicket, readLineTicket } from "./line.ts";

/** An opening that stays under way until the test lets it finish. */
function heldOpening() {
  let finish: (url: string) => void = () => {};
  const url = new Promise<string>((resolve) => {
    finish = resolve;
  });
  return { open: () => url, finish };
}

const account = (userId: string): LineHolder => ({ kind: "account", userId });
const anonymous = (anonymousId: string): LineHolder => ({ kind: "anonymous", anonymousId });
const SECRET = "secret-secret-secret-secret-secret";

describe("the line at the doors", () => {
  it("counts the people ahead of her in the order their checkouts started, and lets her join her own twice", async () => {
    const line = createCheckoutLine({ perSecond: 2, maxAnonymous: 100 });
    const first = heldOpening();
    const second = heldOpening();
    const hers = line.join(account("usr_a"), "win_1", first.open);
    expect(hers.place).toEqual({ ahead: 0, waitSeconds: 1 });
    expect(line.join(account("usr_b"), "win_1", second.open).place).toEqual({ ahead: 1, waitSeconds: 1 });
    // A second click joins her opening under way rather than queueing again.
    expect(line.join(account("usr_b"), "win_1", () => Promise.reject(new Error("opened twice"))).place.ahead).toBe(1);
    expect(line.underWay()).toBe(2);
    first.finish("https://checkout/a");
    expect(await hers.url).toBe("https://checkout/a");
    expect(line.placeOf(account("usr_a"), "win_1")).toBeUndefined();
    expect(line.placeOf(account("usr_b"), "win_1")).toEqual({ ahead: 0, waitSeconds: 1 });
    expect(line.placeAtEnd("proven")).toEqual({ ahead: 1, waitSeconds: 1 });
  });

  it("is long once her turn is more than a few seconds away, and full at two minutes, except for someone in it", () => {
    const line = createCheckoutLine({ perSecond: 1, maxAnonymous: 1_000 });
    for (let index = 0; index < 3; index++) line.join(account(`usr_${index}`), "win_1", heldOpening().open);
    expect(line.isLong(account("usr_new"), "win_1")).toBe(true);
    expect(line.isLong(account("usr_0"), "win_1")).toBe(false);
    expect(line.isFull(account("usr_new"), "win_1")).toBe(false);
    for (let index = 3; index < 120; index++) line.join(account(`usr_${index}`), "win_1", heldOpening().open);
    expect(line.isFull(account("usr_new"), "win_1")).toBe(true);
    expect(line.isFull(account("usr_119"), "win_1")).toBe(false);
  });

  it("puts proven visitors ahead of every anonymous one, whenever they came", () => {
    const line = createCheckoutLine({ perSecond: 10, maxAnonymous: 1_000 });
    for (let index = 0; index < 50; index++) line.join(anonymous(`a${index}`), "win_1", heldOpening().open);
    // Fifty anonymous openings are under way: she is still first in the proven line, and in the request.
    const hers = line.join(account("usr_a"), "win_1", heldOpening().open);
    expect(hers.place).toEqual({ ahead: 0, waitSeconds: 1 });
    expect(line.isLong(account("usr_b"), "win_1")).toBe(false);
    // An anonymous newcomer has everyone ahead of her.
    expect(line.placeAtEnd("anonymous").ahead).toBe(51);
    expect(line.isLong(anonymous("late"), "win_1")).toBe(true);
    expect(line.placeOf(anonymous("a0"), "win_1")?.ahead).toBe(1);
  });

  it("caps anonymous openings without ever turning a proven visitor away for them", () => {
    const line = createCheckoutLine({ perSecond: 20, maxAnonymous: 5 });
    for (let index = 0; index < 5; index++) line.join(anonymous(`a${index}`), "win_1", heldOpening().open);
    expect(line.isFull(anonymous("a5"), "win_1")).toBe(true);
    // Someone already in line keeps her place.
    expect(line.isFull(anonymous("a4"), "win_1")).toBe(false);
    expect(line.isFull(account("usr_a"), "win_1")).toBe(false);
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
