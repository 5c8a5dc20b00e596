import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { contentDir } from "virtual:academy/site";
import type { APIRoute, GetStaticPaths } from "astro";
import { BRAND_FILES, site } from "../../lib/site.ts";

export const prerender = true;

const TYPES: Record<string, string> = {
  svg: "image/svg+xml",
  png: "image/png",
  webp: "image/webp",
  ico: "image/x-icon",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
};

/** The logo, favicon and link-card picture site.yaml names, copied from the content folder at build time. */
export const getStaticPaths = (() => {
  const sources = [
    [BRAND_FILES.logo, site.logo.path],
    [BRAND_FILES.favicon, site.favicon.path],
    [BRAND_FILES.socialImage, site.socialImage?.path],
  ] as const;
  return sources.flatMap(([url, source]) =>
    url && source ? [{ params: { file: url.slice("/brand/".length) }, props: { source } }] : [],
  );
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ source: string }> = async ({ props }) => {
  const bytes = await readFile(join(contentDir, props.source));
  const extension = props.source.split(".").at(-1)?.toLowerCase() ?? "";
  return new Response(bytes, { headers: { "Content-Type": TYPES[extension] ?? "application/octet-stream" } });
};
