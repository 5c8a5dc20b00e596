/**
 * What the coach edits in `pnpm edit`: the same files the site builds from, in CONTENT_DIR. Paths are relative to
 * the content folder (local mode) or to `pathPrefix` in the repository (GitHub mode).
 */

import settings from "virtual:academy-editor-settings";
import { config } from "@keystatic/core";
import { articles } from "./src/schema/articles.ts";
import { emails } from "./src/schema/emails.ts";
import { lessonsOf } from "./src/schema/lessons.ts";
import { plans } from "./src/schema/plans.ts";
import { site } from "./src/schema/site.ts";

const lessons = Object.fromEntries(settings.courses.map((course) => [`lessons-${course.slug}`, lessonsOf(course)]));

export default config({
  storage: settings.storage,
  ui: { brand: { name: "Academy editor" } },
  collections: { articles, ...lessons, plans, emails },
  singletons: { site },
});
