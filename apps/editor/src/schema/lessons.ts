/**
 * `courses/<course>/lessons/<lesson>.mdx`, one list per course. The lesson components the site renders
 * (`<ThisWeek />`, `<Workout session="…" />`, `<LessonVideo … />`) are blocks the coach inserts from the toolbar.
 */
import { collection, fields } from "@keystatic/core";
import { block } from "@keystatic/core/content-components";

const slugPattern = { regex: /^[a-z0-9]+(?:-[a-z0-9]+)*$/, message: "a lowercase slug like w2-strength-a" };

export const lessonComponents = {
  ThisWeek: block({
    label: "This week",
    description: "The member's own prescription for her current week.",
    schema: {},
  }),
  Workout: block({
    label: "Workout",
    description: "One session of the plan, with its log form when it is in her week.",
    schema: {
      session: fields.text({ label: "Session id from the plan", validation: { pattern: slugPattern } }),
    },
  }),
  LessonVideo: block({
    label: "Video",
    description: "A YouTube or Vimeo video, played only when she presses play.",
    schema: {
      title: fields.text({ label: "What the video shows", validation: { length: { min: 1 } } }),
      youtube: fields.text({ label: "YouTube id", description: "The v= part of its address, e.g. aqz-KE-bpKQ." }),
      vimeo: fields.text({ label: "Vimeo id", description: "e.g. 76979871, or 76979871/abc123def4 when unlisted." }),
    },
  }),
};

export function lessonsOf(course: { slug: string; title: string }) {
  return collection({
    label: `Lessons: ${course.title}`,
    path: `courses/${course.slug}/lessons/*`,
    slugField: "title",
    format: { contentField: "body" },
    entryLayout: "content",
    columns: ["order"],
    schema: {
      title: fields.slug({
        name: { label: "Title", validation: { length: { min: 8, max: 110 } } },
        slug: { label: "File name", description: "Also the name course.yaml lists the lesson by." },
      }),
      description: fields.text({
        label: "Description",
        multiline: true,
        validation: { length: { min: 50, max: 200 } },
      }),
      order: fields.integer({ label: "Order in the course", validation: { isRequired: true, min: 1 } }),
      dripDays: fields.integer({
        label: "Opens after (days from her start)",
        defaultValue: 0,
        validation: { isRequired: true, min: 0, max: 3650 },
      }),
      durationMinutes: fields.integer({ label: "Minutes to read", validation: { isRequired: true, min: 1, max: 240 } }),
      sessions: fields.array(fields.text({ label: "Session id", validation: { pattern: slugPattern } }), {
        label: "Plan sessions this lesson teaches",
        itemLabel: (props) => props.value,
      }),
      body: fields.mdx({ label: "Lesson", extension: "mdx", components: lessonComponents }),
    },
  });
}
