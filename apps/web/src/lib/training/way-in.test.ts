import { describe, expect, it } from "vitest";
import { describeSignedOutCaching } from "./way-in.ts";

const now = new Date("2026-03-02T09:00:00.000Z");
const inMs = (ms: number) => new Date(now.getTime() + ms);

describe("describeSignedOutCaching", () => {
  it("lets shared caches keep the teaser a few seconds, and browsers revalidate", () => {
    expect(describeSignedOutCaching({ state: "closed" }, now)).toBe("public, max-age=0, s-maxage=5");
    expect(describeSignedOutCaching({ state: "open", changesAt: inMs(86_400_000) }, now)).toBe(
      "public, max-age=0, s-maxage=5",
    );
  });

  it("never keeps it past the moment the doors change, so 'Enroll now' shows the second they open", () => {
    expect(describeSignedOutCaching({ state: "waitlist", changesAt: inMs(3_900) }, now)).toBe(
      "public, max-age=0, s-maxage=3",
    );
    expect(describeSignedOutCaching({ state: "waitlist", changesAt: inMs(999) }, now)).toBeUndefined();
  });
});
