import mdx from "@astrojs/mdx";
import node from "@astrojs/node";
import { defineConfig } from "astro/config";
import { academySite } from "./integrations/academy-site.ts";
import { devPlatform } from "./integrations/dev-platform.ts";
import { pagefindIndex } from "./integrations/pagefind.ts";
import { precompress } from "./integrations/precompress.ts";
import { readSiteUrl } from "./site-url.ts";
import { contentDir } from "./src/lib/content-env.ts";

const search = pagefindIndex();

export default defineConfig({
  // Read at build time. An image is built with SITE_URL_PLACEHOLDER and rewritten to its runtime SITE_URL at start.
  site: readSiteUrl(),
  output: "static",
  // Middleware mode: our own server (server.ts) routes /api to Hono and everything else to Astro.
  adapter: node({ mode: "middleware" }),
  // The search index is written while the rest of the output is compressed; its files are compressed last.
  integrations: [
    academySite(contentDir),
    mdx(),
    devPlatform(),
    search.integration,
    precompress({ waitFor: [search.output] }),
  ],
  // Astro's own sessions are unused: sign-in sessions live in our database (packages/auth).
  session: false,
  trailingSlash: "never",
  build: { format: "directory", inlineStylesheets: "always" },
  image: {
    // AVIF at a low encoder effort: nearly the same bytes, and several times faster to build.
    service: { entrypoint: "astro/assets/services/sharp", config: { avif: { effort: 2 } } },
  },
  devToolbar: { enabled: false },
  server: { port: 4321 },
  vite: {
    build: {
      rollupOptions: {
        // Astro marks each MDX entry with its own "use astro:head-inject" directive, and the bundler warns about it
        // once per article on every build (withastro/astro#18087): a false alarm. Every other warning still shows.
        onwarn(warning, warn) {
          if (warning.code === "MODULE_LEVEL_DIRECTIVE" && warning.message.includes("astro:head-inject")) return;
          warn(warning);
        },
      },
    },
  },
});
