/**
 * A structured run as she reads it: each step with its amount and its target in her own numbers (her paces from her
 * recent race, her zones from her maximum heart rate), each number saying where it came from. Without those numbers
 * a target says how it should feel and what to enter to see them.
 */
import { computeHeartRateZone, HEART_RATE_ZONE_FEELS } from "./heart-rate.ts";
import type { RecentRace } from "./member.ts";
import { computePaceRange, PACE_FEELS, PACE_NAMES } from "./paces.ts";
import type { RunStep, RunStepPart, StepTarget } from "./plan-schema.ts";

/** What she has told us that turns targets into numbers. */
export interface AthleteNumbers {
  recentRace?: RecentRace;
  maxHeartRate?: number;
}

export interface DescribedTarget {
  /** "threshold 4:15–4:27/km", "zone 2: 111–130 bpm", "RPE 7" */
  text: string;
  /** "from your 5K of 19:57"; absent for RPE and for targets she has no numbers for yet. */
  source?: string;
  /** What to enter to see numbers, when she has not yet. */
  hint?: string;
}

export interface DescribedStep {
  /** "Warm up", "6 ×", "Strides" */
  label: string;
  /** "10 min", "400 m", "6 × 20 s" */
  amount: string;
  target?: DescribedTarget;
  /** The steps repeated, for a repeat. */
  steps?: DescribedStep[];
}

const STEP_LABELS: Readonly<Record<RunStepPart["type"], string>> = {
  warmup: "Warm up",
  run: "Run",
  recovery: "Recover",
  cooldown: "Cool down",
};

export function describeTarget(target: StepTarget, athlete: AthleteNumbers): DescribedTarget {
  if ("rpe" in target) return { text: `RPE ${target.rpe}` };
  if ("pace" in target) {
    if (athlete.recentRace === undefined) {
      return {
        text: `${PACE_NAMES[target.pace]} pace (${PACE_FEELS[target.pace]})`,
        hint: "Add a recent race in your training settings to see your paces.",
      };
    }
    const range = computePaceRange(athlete.recentRace, target.pace);
    return { text: range.text.replace(`, ${range.source}`, ""), source: range.source };
  }
  if (athlete.maxHeartRate === undefined) {
    return {
      text: `zone ${target.heartRateZone} (${HEART_RATE_ZONE_FEELS[target.heartRateZone] ?? "steady"})`,
      hint: "Add your maximum heart rate in your training settings to see your zones in beats per minute.",
    };
  }
  const zone = computeHeartRateZone(athlete.maxHeartRate, target.heartRateZone);
  return { text: zone.text.replace(`, ${zone.source}`, ""), source: zone.source };
}

export function describeRunSteps(steps: readonly RunStep[], athlete: AthleteNumbers): DescribedStep[] {
  return steps.map((step) => {
    if (step.type === "strides") {
      return { label: "Strides", amount: `${step.times} × ${step.seconds} s`, target: { text: "quick and relaxed" } };
    }
    if (step.type === "repeat") {
      return {
        label: `${step.times} ×`,
        amount: step.steps.map(formatAmount).join(" + "),
        steps: describeRunSteps(step.steps, athlete),
      };
    }
    return { label: STEP_LABELS[step.type], amount: formatAmount(step), target: describeTarget(step.target, athlete) };
  });
}

/** "10 min", "90 s", "400 m", "1.6 km" */
export function formatAmount(step: RunStepPart): string {
  if (step.distanceKm !== undefined) {
    return step.distanceKm < 1
      ? `${Math.round(step.distanceKm * 1000)} m`
      : `${Math.round(step.distanceKm * 100) / 100} km`;
  }
  const minutes = step.durationMinutes ?? 0;
  if (minutes < 1) return `${Math.round(minutes * 60)} s`;
  return Number.isInteger(minutes)
    ? `${minutes} min`
    : `${Math.floor(minutes)} min ${Math.round((minutes % 1) * 60)} s`;
}
