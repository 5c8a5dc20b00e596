/**
 * `plans/<id>.yaml` as a form: phases → weeks → sessions → exercises. A session shows the fields of both kinds;
 * the save keeps only those of its own kind and leaves empty ones out (`save-check.ts`), then the engine checks
 * the whole plan (`checkPlanData`) and refuses the save with its own messages when something is wrong.
 */
import { collection, fields } from "@keystatic/core";

const slug = (label: string, description?: string) =>
  fields.text({
    label,
    ...(description ? { description } : {}),
    validation: { pattern: { regex: /^[a-z0-9]+(?:-[a-z0-9]+)*$/, message: "a lowercase slug like hip-hinge" } },
  });
const notes = () => fields.text({ label: "Notes", multiline: true });
const whole = (label: string, min: number, max: number, isRequired = true) =>
  fields.integer({ label, validation: { isRequired, min, max } });

const repRange = (label: string, isRequired: boolean) =>
  fields.object(
    { min: whole("Fewest reps", 1, 100, isRequired), max: whole("Most reps", 1, 100, isRequired) },
    { label, layout: [6, 6] },
  );

const exercise = fields.object({
  id: slug("Exercise id", "Stays the same across weeks: her progression follows it."),
  name: fields.text({ label: "Name", validation: { length: { min: 1 } } }),
  sets: whole("Sets", 1, 10),
  reps: repRange("Reps (empty: the phase's range)", false),
  targetRir: whole("Reps in reserve", 0, 5),
  restSeconds: whole("Rest (seconds)", 0, 600),
  cues: fields.array(fields.text({ label: "Cue" }), { label: "Cues", itemLabel: (props) => props.value }),
  lessonSlug: slug("Lesson that teaches it"),
  loadIncrementKg: fields.number({
    label: "Load step (kg, 0 for bodyweight)",
    validation: { isRequired: true, min: 0, max: 20 },
  }),
  loadGuidance: fields.text({ label: "How she picks her load", defaultValue: "challenging but safe" }),
  notes: notes(),
});

const session = fields.object({
  type: fields.select({
    label: "Kind of session",
    options: [
      { label: "Run", value: "run" },
      { label: "Strength", value: "strength" },
    ],
    defaultValue: "run",
  }),
  id: slug("Session id", "Unique in the plan, e.g. w3-run-1; lessons show it by this id."),
  title: fields.text({ label: "Title (required for strength)" }),
  durationMinutes: fields.number({ label: "Minutes", validation: { min: 1, max: 600 } }),
  kind: fields.select({
    label: "Run: kind",
    options: ["easy", "long", "tempo", "intervals"].map((value) => ({ label: value, value })),
    defaultValue: "easy",
  }),
  distanceKm: fields.number({ label: "Run: distance (km)", validation: { min: 0.1, max: 100 } }),
  intensity: fields.object(
    { rpe: whole("Effort (RPE 1–10)", 1, 10, false), zone: whole("or zone (1–5)", 1, 5, false) },
    { label: "Run: how hard", layout: [6, 6] },
  ),
  rpe: whole("Strength: session effort (RPE 1–10)", 1, 10, false),
  exercises: fields.array(exercise, { label: "Strength: exercises", itemLabel: (props) => props.fields.name.value }),
  notes: notes(),
});

const week = fields.object({
  number: whole("Week number (from 1 across the plan)", 1, 520),
  deload: fields.checkbox({ label: "Deload week" }),
  sessions: fields.array(session, {
    label: "Sessions",
    itemLabel: (props) => `${props.fields.id.value} (${props.fields.type.value})`,
  }),
  notes: notes(),
});

const phase = fields.object({
  id: slug("Phase id"),
  title: fields.text({ label: "Title", validation: { length: { min: 1 } } }),
  repRange: repRange("Rep range", true),
  prerequisiteLessons: fields.array(slug("Lesson"), {
    label: "Lessons to complete before this phase",
    itemLabel: (props) => props.value,
  }),
  weeks: fields.array(week, { label: "Weeks", itemLabel: (props) => `Week ${props.fields.number.value ?? "?"}` }),
  notes: notes(),
});

export const plans = collection({
  label: "Training plans",
  path: "plans/*",
  slugField: "id",
  format: { data: "yaml" },
  schema: {
    id: fields.slug({
      name: { label: "Plan id", description: "Courses name the plan by this id; it is also the file's name." },
    }),
    title: fields.text({ label: "Title", validation: { length: { min: 1 } } }),
    summary: fields.text({ label: "Summary", multiline: true }),
    lessons: fields.array(slug("Lesson"), {
      label: "Lessons the plan refers to",
      itemLabel: (props) => props.value,
    }),
    rampLimitPercent: fields.number({
      label: "Largest weekly rise in running (%)",
      defaultValue: 10,
      validation: { min: 1, max: 100 },
    }),
    deload: fields.object(
      {
        setsFraction: fields.number({ label: "Share of sets kept", defaultValue: 0.5, step: 0.05 }),
        runningFraction: fields.number({ label: "Share of running kept", defaultValue: 0.7, step: 0.05 }),
      },
      { label: "Deload weeks", layout: [6, 6] },
    ),
    phases: fields.array(phase, { label: "Phases", itemLabel: (props) => props.fields.title.value }),
  },
});
