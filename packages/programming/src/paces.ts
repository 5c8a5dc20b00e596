/**
 * Her training paces from a recent race or time trial, by Jack Daniels' VDOT model: the Daniels–Gilbert equations
 * behind the tables in "Daniels' Running Formula". A race gives her VDOT; each training pace is the speed at a share
 * of it (threshold 88%, interval 97.5%, …), and race times at other distances are the times with the same VDOT.
 * Every pace says where it came from ("from your 10K of 55:00").
 */
import type { RecentRace } from "./member.ts";
import type { PaceZone } from "./plan-schema.ts";

/** Oxygen cost of running at `metresPerMinute` (ml/kg/min). */
export function oxygenCost(metresPerMinute: number): number {
  return -4.6 + 0.182258 * metresPerMinute + 0.000104 * metresPerMinute ** 2;
}

/** Share of VO2max that can be held for a race lasting `minutes`. */
export function sustainableFraction(minutes: number): number {
  return 0.8 + 0.1894393 * Math.exp(-0.012778 * minutes) + 0.2989558 * Math.exp(-0.1932605 * minutes);
}

/** VDOT from a race run flat out: 5K in 19:57 → about 50. */
export function computeVdot(race: RecentRace): number {
  const minutes = race.timeSeconds / 60;
  return oxygenCost((race.distanceKm * 1000) / minutes) / sustainableFraction(minutes);
}

/** The speed (m/min) whose oxygen cost is `vo2`: the inverse of oxygenCost. */
export function speedForOxygenCost(vo2: number): number {
  const a = 0.000104;
  const b = 0.182258;
  const c = -4.6 - vo2;
  return (-b + Math.sqrt(b * b - 4 * a * c)) / (2 * a);
}

/** The time (seconds) with the same VDOT over `distanceKm`: her equivalent race time. */
export function predictRaceSeconds(vdot: number, distanceKm: number): number {
  // VDOT falls as the time grows, so halve the interval until it pins the time to a hundredth of a second.
  let fast = distanceKm * 60; // 1:00/km
  let slow = distanceKm * 60 * 30; // 30:00/km
  while (slow - fast > 0.01) {
    const middle = (fast + slow) / 2;
    if (computeVdot({ distanceKm, timeSeconds: middle }) > vdot) fast = middle;
    else slow = middle;
  }
  return Math.round((fast + slow) / 2);
}

/**
 * Each training pace as shares of VDOT, slow end then fast end. The fast end of easy, threshold and interval is the
 * pace printed in Daniels' tables (70%, 88%, 97.5%); marathon pace is her predicted marathon, worked out apart.
 */
export const PACE_FRACTIONS: Readonly<Record<Exclude<PaceZone, "marathon">, readonly [number, number]>> = {
  easy: [0.62, 0.7],
  threshold: [0.85, 0.88],
  interval: [0.95, 0.975],
  repetition: [1.02, 1.05],
};

export const PACE_NAMES: Readonly<Record<PaceZone, string>> = {
  easy: "easy",
  marathon: "marathon",
  threshold: "threshold",
  interval: "interval",
  repetition: "repetition",
};

/** How each pace should feel, for when she has not entered a race yet. */
export const PACE_FEELS: Readonly<Record<PaceZone, string>> = {
  easy: "conversational, RPE 3–4",
  marathon: "steady, RPE 5–6",
  threshold: "comfortably hard, RPE 7",
  interval: "hard, RPE 8–9",
  repetition: "fast and relaxed, RPE 9",
};

export interface PaceRange {
  zone: PaceZone;
  /** Seconds per km, slow end and fast end. */
  slowSecondsPerKm: number;
  fastSecondsPerKm: number;
  /** Where it came from: "from your 10K of 55:00". */
  source: string;
  /** "threshold 4:15–4:27/km, from your 5K of 19:57" */
  text: string;
}

const MARATHON_KM = 42.195;

/** Seconds per km at a share of VDOT. */
function paceAtFraction(vdot: number, fraction: number): number {
  return 60_000 / speedForOxygenCost(vdot * fraction);
}

export function computePaceRange(race: RecentRace, zone: PaceZone): PaceRange {
  const vdot = computeVdot(race);
  let slow: number;
  let fast: number;
  if (zone === "marathon") {
    fast = predictRaceSeconds(vdot, MARATHON_KM) / MARATHON_KM;
    slow = fast * 1.03;
  } else {
    const [slowFraction, fastFraction] = PACE_FRACTIONS[zone];
    slow = paceAtFraction(vdot, slowFraction);
    fast = paceAtFraction(vdot, fastFraction);
  }
  const slowSecondsPerKm = Math.round(slow);
  const fastSecondsPerKm = Math.round(fast);
  const source = `from your ${describeRace(race)}`;
  return {
    zone,
    slowSecondsPerKm,
    fastSecondsPerKm,
    source,
    text: `${PACE_NAMES[zone]} ${formatPace(fastSecondsPerKm)}–${formatPace(slowSecondsPerKm)}/km, ${source}`,
  };
}

/** The pace printed in Daniels' tables for `zone`, seconds per km (the fast end of the range). */
export function computeTablePace(race: RecentRace, zone: PaceZone): number {
  return computePaceRange(race, zone).fastSecondsPerKm;
}

/** 332 → "5:32" */
export function formatPace(secondsPerKm: number): string {
  const whole = Math.round(secondsPerKm);
  return `${Math.floor(whole / 60)}:${String(whole % 60).padStart(2, "0")}`;
}

/** 3300 → "55:00", 6695 → "1:51:35" */
export function formatRaceTime(seconds: number): string {
  const whole = Math.round(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const rest = String(whole % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}

/** "55:00" or "1:51:35" → seconds; undefined for anything else. */
export function parseRaceTime(text: string): number | undefined {
  const match = /^\s*(?:(\d{1,2}):)?([0-5]?\d):([0-5]\d)\s*$/.exec(text);
  if (match === null) return undefined;
  const [, hours = "0", minutes = "0", seconds = "0"] = match;
  const total = Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
  return total > 0 ? total : undefined;
}

/** "10K of 55:00", "half marathon of 1:58:00", "3.2 km time trial of 16:00" */
export function describeRace(race: RecentRace): string {
  const time = formatRaceTime(race.timeSeconds);
  const km = race.distanceKm;
  const named = [
    { km: 5, name: "5K" },
    { km: 10, name: "10K" },
    { km: 21.0975, name: "half marathon" },
    { km: MARATHON_KM, name: "marathon" },
  ].find((distance) => Math.abs(distance.km - km) < 0.06);
  if (named !== undefined) return `${named.name} of ${time}`;
  return `${Math.round(km * 100) / 100} km of ${time}`;
}
