import { indexPlanSessions } from "@academy/programming";
import { checkLessonVideo } from "./lesson-video.ts";
import type { PlanFile } from "./plan-files.ts";

/** A `course.yaml` as written (its own schema is the courses collection's; only references are checked here). */
export interface CourseSource {
  id: string;
  file: string;
  plan: unknown;
  lessons: unknown;
}

/** A lesson file: its frontmatter fields that refer to other files, and its MDX body. */
export interface LessonSource {
  course: string;
  slug: string;
  file: string;
  order: number;
  sessions: readonly string[];
  body: string;
  /** The file's line number of the body's first line, so problems can name the line. */
  bodyStartLine: number;
}

/** The components a lesson page provides; anything else in a lesson would fail when a member opens it. */
export const LESSON_COMPONENTS = ["ThisWeek", "Workout", "LessonVideo"] as const;

const COMPONENT_TAG = /<([A-Z][A-Za-z0-9]*)\b([^>]*)>/g;
const SESSION_ATTRIBUTE = /\bsession\s*=\s*(?:"([^"]*)"|'([^']*)')/;
const ATTRIBUTE = /\b([A-Za-z][A-Za-z0-9]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/**
 * Checks that courses, lessons and plans agree, as content/courses/README.md asks: each course's plan exists; every
 * lesson in course.yaml has its file, in the same order, and every lesson file is listed; every lesson the plan names
 * exists; and every session a lesson shows (`sessions:` and `<Workout session="…" />`) is in the plan. Returns one
 * `file: where: problem` line per problem.
 */
export function checkCourseContent(input: {
  courses: readonly CourseSource[];
  lessons: readonly LessonSource[];
  plans: readonly PlanFile[];
}): string[] {
  const problems: string[] = [];
  const plans = new Map(input.plans.map((entry) => [entry.slug, entry]));
  const coursesById = new Map(input.courses.map((course) => [course.id, course]));

  for (const course of input.courses) {
    const listed = toStringList(course.lessons);
    const own = input.lessons.filter((lesson) => lesson.course === course.id);
    listed.forEach((slug, index) => {
      if (!own.some((lesson) => lesson.slug === slug)) {
        problems.push(`${course.file}: lessons[${index}]: there is no lesson file lessons/${slug}.mdx`);
      }
    });
    const plan = typeof course.plan === "string" ? plans.get(course.plan) : undefined;
    if (typeof course.plan === "string" && plan === undefined) {
      problems.push(`${course.file}: plan: there is no plan "${course.plan}" in content/plans`);
    }
    if (plan === undefined) continue;
    plan.plan.lessons.forEach((slug, index) => {
      if (!listed.includes(slug)) {
        problems.push(`${plan.file}: lessons[${index}]: lesson "${slug}" is not in ${course.file}`);
      }
    });
  }

  for (const lesson of input.lessons) {
    const course = coursesById.get(lesson.course);
    if (course === undefined) {
      problems.push(`${lesson.file}: (file): there is no course.yaml for this lesson's course "${lesson.course}"`);
      continue;
    }
    const position = toStringList(course.lessons).indexOf(lesson.slug);
    if (position === -1) {
      problems.push(`${lesson.file}: (file): "${lesson.slug}" is not listed in ${course.file}, so no one can reach it`);
    } else if (lesson.order !== position + 1) {
      problems.push(`${lesson.file}: order: expected ${position + 1}, its position in ${course.file}`);
    }
    const plan = typeof course.plan === "string" ? plans.get(course.plan) : undefined;
    const sessions = plan === undefined ? undefined : indexPlanSessions(plan.plan);
    lesson.sessions.forEach((id, index) => {
      if (sessions !== undefined && !sessions.has(id)) {
        problems.push(`${lesson.file}: sessions[${index}]: session "${id}" is not in the plan ${plan?.slug}`);
      }
    });
    problems.push(...checkLessonBody(lesson, sessions === undefined ? undefined : new Set(sessions.keys())));
  }
  return problems;
}

function checkLessonBody(lesson: LessonSource, planSessions: ReadonlySet<string> | undefined): string[] {
  const problems: string[] = [];
  for (const match of lesson.body.matchAll(COMPONENT_TAG)) {
    const [, name = "", attributes = ""] = match;
    const line = lesson.bodyStartLine + countLines(lesson.body.slice(0, match.index));
    const where = `${lesson.file}: line ${line}`;
    if (!(LESSON_COMPONENTS as readonly string[]).includes(name)) {
      problems.push(
        `${where}: <${name}> is not a lesson component (use <ThisWeek />, <Workout session="…" /> or <LessonVideo … />)`,
      );
      continue;
    }
    if (name === "LessonVideo") {
      const given = Object.fromEntries(
        [...attributes.matchAll(ATTRIBUTE)].map(([, key = "", double, single]) => [key, double ?? single]),
      );
      for (const problem of checkLessonVideo(given)) problems.push(`${where}: ${problem}`);
      continue;
    }
    if (name !== "Workout") continue;
    const found = SESSION_ATTRIBUTE.exec(attributes);
    const id = found?.[1] ?? found?.[2];
    if (id === undefined) {
      problems.push(`${where}: <Workout> needs a session, like <Workout session="w2-strength-a" />`);
    } else if (planSessions !== undefined && !planSessions.has(id)) {
      problems.push(`${where}: <Workout session="${id}"> is not a session of the plan`);
    } else if (!lesson.sessions.includes(id)) {
      problems.push(`${where}: <Workout session="${id}"> is missing from the frontmatter's sessions`);
    }
  }
  return problems;
}

function toStringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function countLines(text: string): number {
  return text.split("\n").length - 1;
}

/** Splits an `.mdx` file into its frontmatter block and body, with the body's first line number. */
export function splitFrontmatter(source: string): { frontmatter: string; body: string; bodyStartLine: number } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(source);
  if (!match) return { frontmatter: "", body: source, bodyStartLine: 1 };
  return {
    frontmatter: match[1] ?? "",
    body: source.slice(match[0].length),
    bodyStartLine: countLines(match[0]) + 1,
  };
}
