import mdx from "@astrojs/mdx";
import node from "@astrojs/node";
import { defineConfig } from "astro/config";
import { devPlatform } from "./integrations/dev-platform.ts";
import { precompress } from "./integrations/precompress.ts";
import { siteUrl } from "./site-url.ts";

export default defineConfig({
  site: siteUrl,
  output: "static",
  // Middleware mode: our own server (server.ts) routes /api to Hono and everything else to Astro.
  adapter: node({ mode: "middleware" }),
  integrations: [mdx(), devPlatform(), precompress()],
  // Astro's own sessions are unused: sign-in sessions live in our database (packages/auth).
  session: false,
  trailingSlash: "never",
  build: { format: "directory", inlineStylesheets: "always" },
  devToolbar: { enabled: false },
  server: { port: 4321 },
});
