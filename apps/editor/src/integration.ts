/**
 * Keystatic's admin UI and API on the `astro dev` server of `pnpm edit`, and nowhere else: this app has no build
 * script, and neither the site's build, its Docker image nor `pnpm start` include it.
 *
 * Keystatic's own Astro integration saves into the working directory; this one mounts the same page and hands
 * Keystatic's API handler the content folder (CONTENT_DIR), checks plans and site settings with the engine before
 * a save (`src/api.ts`), and gives the browser the editor's settings through a virtual module.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { AstroIntegration } from "astro";
import { parse as parseYaml } from "yaml";
import { type EditorSettings, readEditorSettings } from "./env.ts";

export interface CourseEntry {
  slug: string;
  title: string;
}

const SETTINGS_MODULE = "virtual:academy-editor-settings";

export function academyEditor(): AstroIntegration {
  const settings = readEditorSettings(process.env as Record<string, string | undefined>);
  return {
    name: "academy:editor",
    hooks: {
      "astro:config:setup": ({ injectRoute, updateConfig, config }) => {
        updateConfig({
          // The editor writes files on this machine: it listens on this machine only.
          server: config.server.host ? {} : { host: "127.0.0.1" },
          vite: {
            plugins: [
              {
                name: "academy:editor-settings",
                resolveId(id) {
                  if (id === "virtual:keystatic-config")
                    return this.resolve("./keystatic.config.ts", `${config.root.pathname}a`);
                  if (id === SETTINGS_MODULE) return `\0${SETTINGS_MODULE}`;
                  return null;
                },
                load(id) {
                  if (id !== `\0${SETTINGS_MODULE}`) return null;
                  const browserSettings = { storage: settings.storage, courses: listCourses(settings) };
                  return `export default ${JSON.stringify(browserSettings)};`;
                },
              },
            ],
            optimizeDeps: { entries: ["keystatic.config.ts"], include: ["@keystatic/core/ui", "@keystatic/astro/ui"] },
          },
        });
        injectRoute({
          entrypoint: "@keystatic/astro/internal/keystatic-astro-page.astro",
          pattern: "/keystatic/[...params]",
          prerender: false,
        });
        injectRoute({ entrypoint: "./src/api.ts", pattern: "/api/keystatic/[...params]", prerender: false });
      },
    },
  };
}

/** The courses in the content folder, so each gets its own list of lessons. */
function listCourses(settings: EditorSettings): CourseEntry[] {
  const folder = join(settings.contentDir, "courses");
  let names: string[];
  try {
    names = readdirSync(folder, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
  return names.sort().map((slug) => {
    try {
      const course = parseYaml(readFileSync(join(folder, slug, "course.yaml"), "utf8")) as { title?: unknown };
      return { slug, title: typeof course?.title === "string" ? course.title : slug };
    } catch {
      return { slug, title: slug };
    }
  });
}
