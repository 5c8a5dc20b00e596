import { join } from "node:path";
import { loadSite, SITE_FILE } from "@academy/platform/site";
import type { AstroIntegration } from "astro";

const MODULE_ID = "virtual:academy/site";
const RESOLVED_ID = `\0${MODULE_ID}`;

/**
 * Reads `<contentDir>/site.yaml` once per build (a mistake in it stops the build with the file, line and fix) and
 * bakes the settings into the bundle as `virtual:academy/site`: pages rendered on demand show the academy the site
 * was built with, whatever folder the server later runs in.
 */
export function academySite(contentDir: string): AstroIntegration {
  return {
    name: "academy:site",
    hooks: {
      "astro:config:setup": ({ updateConfig, addWatchFile }) => {
        const site = loadSite(contentDir);
        addWatchFile(join(contentDir, SITE_FILE));
        updateConfig({
          vite: {
            plugins: [
              {
                name: "academy:site",
                resolveId: (id: string) => (id === MODULE_ID ? RESOLVED_ID : undefined),
                // The folder too: bundled code cannot find it from its own address (dist/ is elsewhere).
                load: (id: string) =>
                  id === RESOLVED_ID
                    ? `export default ${JSON.stringify(site)}; export const contentDir = ${JSON.stringify(contentDir)};`
                    : undefined,
              },
            ],
          },
        });
      },
    },
  };
}
