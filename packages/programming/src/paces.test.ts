import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeHeartRateZone } from "./heart-rate.ts";
import {
  computePaceRange,
  computeTablePace,
  computeVdot,
  formatRaceTime,
  parseRaceTime,
  predictRaceSeconds,
} from "./paces.ts";

/** Rows of the VDOT race-time table in Daniels' Running Formula: 5K, 10K, half marathon, marathon (seconds). */
const DANIELS_ROWS = [
  { vdot: 30, times: [30 * 60 + 40, 63 * 60 + 46, 2 * 3600 + 21 * 60 + 4, 4 * 3600 + 49 * 60 + 17] },
  { vdot: 40, times: [24 * 60 + 8, 50 * 60 + 3, 3600 + 50 * 60 + 59, 3 * 3600 + 49 * 60 + 45] },
  { vdot: 50, times: [19 * 60 + 57, 41 * 60 + 21, 3600 + 31 * 60 + 35, 3 * 3600 + 10 * 60 + 49] },
  { vdot: 60, times: [17 * 60 + 3, 35 * 60 + 22, 3600 + 18 * 60 + 9, 2 * 3600 + 43 * 60 + 25] },
] as const;
const DISTANCES = [5, 10, 21.0975, 42.195] as const;

/** Training paces in the same tables (per km): threshold and interval. */
const DANIELS_PACES = [
  { vdot: 40, fiveK: 24 * 60 + 8, threshold: 5 * 60 + 6, interval: 4 * 60 + 42 },
  { vdot: 50, fiveK: 19 * 60 + 57, threshold: 4 * 60 + 15, interval: 3 * 60 + 55 },
  { vdot: 60, fiveK: 17 * 60 + 3, threshold: 3 * 60 + 40, interval: 3 * 60 + 24 },
] as const;

const within = (actual: number, published: number, share: number) =>
  expect(Math.abs(actual - published) / published).toBeLessThanOrEqual(share);

describe("Daniels VDOT paces", () => {
  for (const row of DANIELS_ROWS) {
    it(`VDOT ${row.vdot}: each table time gives VDOT ${row.vdot} ± 2%, and predicts the row's other times ± 2%`, () => {
      row.times.forEach((time, index) => {
        within(computeVdot({ distanceKm: DISTANCES[index] ?? 0, timeSeconds: time }), row.vdot, 0.02);
      });
      const fromFiveK = computeVdot({ distanceKm: 5, timeSeconds: row.times[0] });
      row.times.forEach((time, index) => {
        within(predictRaceSeconds(fromFiveK, DISTANCES[index] ?? 0), time, 0.02);
      });
    });
  }

  for (const row of DANIELS_PACES) {
    it(`VDOT ${row.vdot} (5K ${formatRaceTime(row.fiveK)}): threshold ${formatRaceTime(row.threshold)}/km and interval ${formatRaceTime(row.interval)}/km ± 2%`, () => {
      const race = { distanceKm: 5, timeSeconds: row.fiveK };
      within(computeTablePace(race, "threshold"), row.threshold, 0.02);
      within(computeTablePace(race, "interval"), row.interval, 0.02);
    });
  }

  it("says where a pace came from: threshold from a 10K of 55:00 is 5:34–5:44/km", () => {
    // 10K in 55:00: 181.8 m/min costs 31.98 ml/kg/min, 89.4% of VO2max for 55 min → VDOT 35.8.
    // 88% of 35.8 = 31.48 → 179.6 m/min → 5:34/km; 85% = 30.41 → 174.7 m/min → 5:44/km.
    const range = computePaceRange({ distanceKm: 10, timeSeconds: 55 * 60 }, "threshold");
    expect(range.text).toBe("threshold 5:34–5:44/km, from your 10K of 55:00");
  });

  it("orders the paces from easy (slowest) to repetition (fastest), for any sensible race (property)", () => {
    fc.assert(
      fc.property(fc.constantFrom(5, 10, 21.0975), fc.double({ min: 3.2, max: 9.5, noNaN: true }), (km, minPerKm) => {
        const race = { distanceKm: km, timeSeconds: Math.round(km * minPerKm * 60) };
        const paces = (["easy", "marathon", "threshold", "interval", "repetition"] as const).map((zone) =>
          computeTablePace(race, zone),
        );
        for (let index = 1; index < paces.length; index += 1) {
          expect(paces[index]).toBeLessThan(paces[index - 1] ?? 0);
        }
      }),
    );
  });

  it("reads race times as she types them: 55:00 is 3300 s, 1:58:30 is 7110 s, and nonsense is refused", () => {
    expect(parseRaceTime("55:00")).toBe(3300);
    expect(parseRaceTime(" 1:58:30 ")).toBe(7110);
    expect(parseRaceTime("55")).toBeUndefined();
    expect(parseRaceTime("0:00")).toBeUndefined();
    expect(parseRaceTime("12:75")).toBeUndefined();
  });
});

describe("heart-rate zones (five zones in shares of maximum heart rate)", () => {
  it("max 185: zone 2 is 112–130 bpm (60–70%: 111 + 1 above zone 1, 129.5 → 130)", () => {
    expect(computeHeartRateZone(185, 2).text).toBe("zone 2: 112–130 bpm, from your maximum heart rate of 185");
    expect(computeHeartRateZone(185, 1)).toMatchObject({ lowBpm: 93, highBpm: 111 });
    expect(computeHeartRateZone(185, 5)).toMatchObject({ lowBpm: 168, highBpm: 185 });
  });

  it("zones follow each other without gaps or overlaps (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 120, max: 230 }), (max) => {
        for (let zone = 2; zone <= 5; zone += 1) {
          expect(computeHeartRateZone(max, zone).lowBpm).toBe(computeHeartRateZone(max, zone - 1).highBpm + 1);
        }
        expect(computeHeartRateZone(max, 5).highBpm).toBe(max);
      }),
    );
  });
});
