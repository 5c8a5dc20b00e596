import { readdirSync, readFileSync } from "node:fs";

const COURSES = new URL("../../content/courses/", import.meta.url);

export interface LessonFixture {
  course: string;
  slug: string;
  url: string;
  title: string;
  description: string;
  /** Words from the lesson's first paragraph: anyone who can see them can see the body. */
  bodyPhrase: string;
}

/** Every lesson of every course, read from content/courses, with a phrase only its body contains. */
export function listLessons(): LessonFixture[] {
  return readdirSync(COURSES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((course) =>
      readdirSync(new URL(`${course.name}/lessons/`, COURSES))
        .filter((name) => name.endsWith(".mdx"))
        .map((name) => {
          const source = readFileSync(new URL(`${course.name}/lessons/${name}`, COURSES), "utf8");
          const [, frontmatter = "", body = ""] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(source) ?? [];
          const field = (name: string) => new RegExp(`^${name}: "(.*)"$`, "m").exec(frontmatter)?.[1] ?? "";
          const slug = name.replace(/\.mdx$/, "");
          return {
            course: course.name,
            slug,
            url: `/courses/${course.name}/${slug}`,
            title: field("title"),
            description: field("description"),
            bodyPhrase: pickPhrase(body),
          };
        }),
    );
}

/** A phrase from the first paragraph of a public article, `content/articles/<slug>.mdx`. */
export function readArticlePhrase(slug: string): string {
  const source = readFileSync(new URL(`../../content/articles/${slug}.mdx`, import.meta.url), "utf8");
  return pickPhrase(source.replace(/^---\n[\s\S]*?\n---\n/, ""));
}

/**
 * The longest run of plain words in the first paragraph: no quotes or punctuation, which Markdown may turn into
 * typographic characters, so the phrase reads the same in the source, the HTML and a search index.
 */
function pickPhrase(body: string): string {
  const paragraph = body.split(/\n\s*\n/).find((block) => /^[A-Z]/.test(block.trim())) ?? "";
  const runs = paragraph.split(/[^A-Za-z0-9 -]+/).map((run) => run.trim().replace(/\s+/g, " "));
  const longest = runs.sort((a, b) => b.length - a.length)[0] ?? "";
  if (longest.length < 25) throw new Error(`No distinctive phrase in the first paragraph: "${paragraph.slice(0, 80)}"`);
  return longest;
}
