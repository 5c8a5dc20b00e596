import { describe, expect, it } from "vitest";
import { createCheckoutLine, lineTicket, readLineTicket } from "./line.ts";

/** An opening that stays under way until the test lets it finish. */
function heldOpening() {
  let finish: (url: string) => void = () => {};
  const url = new Promise<string>((resolve) => {
    finish = resolve;
  });
  return { open: () => url, finish };
}

describe("the line at the doors", () => {
  it("counts the people ahead of her in the order their checkouts started, and lets her join her own twice", async () => {
    const line = createCheckoutLine(2);
    const first = heldOpening();
    const second = heldOpening();
    const hers = line.join("usr_a", "win_1", first.open);
    expect(hers.place).toEqual({ ahead: 0, waitSeconds: 1 });
    expect(line.join("usr_b", "win_1", second.open).place).toEqual({ ahead: 1, waitSeconds: 1 });
    // A second click joins her opening under way rather than queueing again.
    expect(line.join("usr_b", "win_1", () => Promise.reject(new Error("opened twice"))).place.ahead).toBe(1);
    expect(line.underWay()).toBe(2);
    first.finish("https://checkout/a");
    expect(await hers.url).toBe("https://checkout/a");
    expect(line.placeOf("usr_a", "win_1")).toBeUndefined();
    expect(line.placeOf("usr_b", "win_1")).toEqual({ ahead: 0, waitSeconds: 1 });
    expect(line.placeAtEnd()).toEqual({ ahead: 1, waitSeconds: 1 });
  });

  it("is long once her turn is more than a few seconds away, and full at two minutes, except for someone in it", () => {
    const line = createCheckoutLine(1);
    for (let index = 0; index < 3; index++) line.join(`usr_${index}`, "win_1", heldOpening().open);
    expect(line.isLong("usr_new", "win_1")).toBe(true);
    expect(line.isLong("usr_0", "win_1")).toBe(false);
    expect(line.isFull("usr_new", "win_1")).toBe(false);
    for (let index = 3; index < 120; index++) line.join(`usr_${index}`, "win_1", heldOpening().open);
    expect(line.isFull("usr_new", "win_1")).toBe(true);
    expect(line.isFull("usr_119", "win_1")).toBe(false);
  });

  it("reads back who a ticket is for, and nothing from a forged one", () => {
    const ticket = lineTicket("secret-secret-secret-secret-secret", "usr_a", "win_1");
    expect(readLineTicket("secret-secret-secret-secret-secret", ticket)).toEqual({
      userId: "usr_a",
      windowId: "win_1",
    });
    expect(readLineTicket("another-secret-another-secret-1234", ticket)).toBeUndefined();
    expect(readLineTicket("secret-secret-secret-secret-secret", `${ticket.slice(0, -2)}xx`)).toBeUndefined();
  });
});
