import react from "@astrojs/react";
import { defineConfig } from "astro/config";
import { academyEditor } from "./src/integration.ts";

/** `pnpm edit`: Keystatic on a local dev server, editing the files in CONTENT_DIR. Never built, never deployed. */
export default defineConfig({
  integrations: [react(), academyEditor()],
  devToolbar: { enabled: false },
  server: { port: 4330 },
});
