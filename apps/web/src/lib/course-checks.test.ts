import { describe, expect, it } from "vitest";
import { type CourseSource, checkCourseContent, type LessonSource, splitFrontmatter } from "./course-checks.ts";
import { readPlanFiles } from "./plan-files.ts";

const plans = readPlanFiles(new URL("../../../../content/plans/", import.meta.url));
const PLAN_LESSONS = [
  "foundations-welcome",
  "breathing-and-pressure",
  "hip-internal-rotation",
  "split-squat",
  "hip-hinge",
  "step-ups-and-calf-raises",
  "easy-running-effort",
  "planning-your-week",
];

const course = (overrides: Partial<CourseSource> = {}): CourseSource => ({
  id: "foundations",
  file: "content/courses/foundations/course.yaml",
  plan: "strong-runner-foundations",
  lessons: PLAN_LESSONS,
  ...overrides,
});

const lesson = (slug: string, overrides: Partial<LessonSource> = {}): LessonSource => ({
  course: "foundations",
  slug,
  file: `content/courses/foundations/lessons/${slug}.mdx`,
  order: PLAN_LESSONS.indexOf(slug) + 1,
  sessions: [],
  body: "Some words.\n\n<ThisWeek />\n",
  bodyStartLine: 8,
  ...overrides,
});

const allLessons = (changes: Record<string, Partial<LessonSource>> = {}) =>
  PLAN_LESSONS.map((slug) => lesson(slug, changes[slug]));

describe("checkCourseContent", () => {
  it("accepts courses, lessons and plans that agree", () => {
    const lessons = allLessons({
      "split-squat": { sessions: ["w2-strength-a"], body: 'Intro.\n\n<Workout session="w2-strength-a" />\n' },
    });
    expect(checkCourseContent({ courses: [course()], lessons, plans })).toEqual([]);
  });

  it("names a lesson file that course.yaml lists but nobody wrote, and one it forgot", () => {
    const lessons = [
      ...allLessons().filter((candidate) => candidate.slug !== "hip-hinge"),
      lesson("single-leg-balance", { order: 9 }),
    ];
    expect(checkCourseContent({ courses: [course()], lessons, plans })).toEqual([
      "content/courses/foundations/course.yaml: lessons[4]: there is no lesson file lessons/hip-hinge.mdx",
      'content/courses/foundations/lessons/single-leg-balance.mdx: (file): "single-leg-balance" is not listed in content/courses/foundations/course.yaml, so no one can reach it',
    ]);
  });

  it("checks the order, the plan and the plan's lessons", () => {
    const lessons = allLessons({ "hip-hinge": { order: 4 } });
    expect(checkCourseContent({ courses: [course()], lessons, plans })).toEqual([
      "content/courses/foundations/lessons/hip-hinge.mdx: order: expected 5, its position in content/courses/foundations/course.yaml",
    ]);
    const withoutPlanningLesson = course({ lessons: PLAN_LESSONS.slice(0, -1) });
    expect(checkCourseContent({ courses: [withoutPlanningLesson], lessons: allLessons().slice(0, -1), plans })).toEqual(
      [
        'content/plans/strong-runner-foundations.yaml: lessons[7]: lesson "planning-your-week" is not in content/courses/foundations/course.yaml',
      ],
    );
    expect(checkCourseContent({ courses: [course({ plan: "marathon" })], lessons: allLessons(), plans })).toEqual([
      'content/courses/foundations/course.yaml: plan: there is no plan "marathon" in content/plans',
    ]);
  });

  it("finds sessions and components the plan and the lesson page don't have, by line", () => {
    const body = [
      "Intro.",
      "",
      '<Workout session="w2-strength-z" />',
      "",
      '<Workout session="w3-strength-a" />',
      "",
      "<Workout />",
      "",
      "<Thisweek />",
    ].join("\n");
    const lessons = allLessons({ "split-squat": { sessions: ["w2-strength-a", "w99-run"], body } });
    expect(checkCourseContent({ courses: [course()], lessons, plans })).toEqual([
      'content/courses/foundations/lessons/split-squat.mdx: sessions[1]: session "w99-run" is not in the plan strong-runner-foundations',
      'content/courses/foundations/lessons/split-squat.mdx: line 10: <Workout session="w2-strength-z"> is not a session of the plan',
      'content/courses/foundations/lessons/split-squat.mdx: line 12: <Workout session="w3-strength-a"> is missing from the frontmatter\'s sessions',
      'content/courses/foundations/lessons/split-squat.mdx: line 14: <Workout> needs a session, like <Workout session="w2-strength-a" />',
      'content/courses/foundations/lessons/split-squat.mdx: line 16: <Thisweek> is not a lesson component (use <ThisWeek />, <Workout session="…" /> or <LessonVideo … />)',
    ]);
  });

  it("accepts a lesson video and names what is wrong with one, by line", () => {
    const body = [
      '<LessonVideo title="Hip hinge, side view" youtube="aqz-KE-bpKQ" />',
      "",
      "<LessonVideo title='Dowel drill' vimeo=\"76979871/0a1b2c3d4e\" />",
      "",
      '<LessonVideo youtube="https://youtu.be/aqz-KE-bpKQ" />',
      "",
      '<LessonVideo title="Both" vimeo="1" src="https://example.com/a.mp4" />',
    ].join("\n");
    const lessons = allLessons({ "split-squat": { body } });
    expect(checkCourseContent({ courses: [course()], lessons, plans })).toEqual([
      'content/courses/foundations/lessons/split-squat.mdx: line 12: <LessonVideo> needs a title, like title="Hip hinge, side view"',
      'content/courses/foundations/lessons/split-squat.mdx: line 12: <LessonVideo youtube="https://youtu.be/aqz-KE-bpKQ"> is not a YouTube video id (11 letters, digits, - or _)',
      'content/courses/foundations/lessons/split-squat.mdx: line 14: <LessonVideo> needs exactly one of youtube="…", vimeo="…" or src="/videos/….mp4"',
      'content/courses/foundations/lessons/split-squat.mdx: line 14: <LessonVideo src="https://example.com/a.mp4"> must be a file on this site, like /videos/hip-hinge.mp4',
    ]);
  });
});

describe("splitFrontmatter", () => {
  it("returns the body and the line it starts on", () => {
    expect(splitFrontmatter('---\ntitle: "A"\norder: 1\n---\n\nHello\n')).toEqual({
      frontmatter: 'title: "A"\norder: 1',
      body: "\nHello\n",
      bodyStartLine: 5,
    });
  });
});
