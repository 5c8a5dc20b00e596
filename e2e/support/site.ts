import { fileURLToPath } from "node:url";
import { loadSite } from "../../packages/platform/src/site/index.ts";

/** The sample academy the e2e server was built with (content/site.yaml): tests expect its names, not literals. */
export const sampleSite = loadSite(fileURLToPath(new URL("../../content", import.meta.url)));
