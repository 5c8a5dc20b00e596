/**
 * Her heart-rate zones from her maximum heart rate, by the common five-zone model in shares of maximum: zone 1
 * 50–60%, zone 2 60–70%, zone 3 70–80%, zone 4 80–90%, zone 5 90–100%. Each zone says where it came from.
 */

export const HEART_RATE_ZONE_SHARES: Readonly<Record<number, readonly [number, number]>> = {
  1: [0.5, 0.6],
  2: [0.6, 0.7],
  3: [0.7, 0.8],
  4: [0.8, 0.9],
  5: [0.9, 1],
};

/** How each zone should feel, for when she has not entered her maximum heart rate. */
export const HEART_RATE_ZONE_FEELS: Readonly<Record<number, string>> = {
  1: "very easy",
  2: "easy, conversational",
  3: "steady",
  4: "hard",
  5: "very hard",
};

export interface HeartRateZone {
  zone: number;
  lowBpm: number;
  highBpm: number;
  source: string;
  /** "zone 2: 111–130 bpm, from your maximum heart rate of 185" */
  text: string;
}

/** Zone `zone` (1–5) for a maximum heart rate; each zone starts one beat above the one below ends. */
export function computeHeartRateZone(maxHeartRate: number, zone: number): HeartRateZone {
  const [low, high] = HEART_RATE_ZONE_SHARES[zone] ?? [0.5, 0.6];
  const lowBpm = Math.round(maxHeartRate * low) + (zone > 1 ? 1 : 0);
  const highBpm = Math.round(maxHeartRate * high);
  const source = `from your maximum heart rate of ${maxHeartRate}`;
  return { zone, lowBpm, highBpm, source, text: `zone ${zone}: ${lowBpm}–${highBpm} bpm, ${source}` };
}
