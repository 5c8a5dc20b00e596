import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { compressText } from "../integrations/precompress.ts";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".webmanifest": "application/manifest+json",
  ".pagefind": "application/octet-stream",
  ".pf_meta": "application/octet-stream",
  ".pf_index": "application/octet-stream",
  ".pf_fragment": "application/octet-stream",
};

interface CachedFile {
  type: string;
  etag: string;
  identity: Buffer;
  br: Buffer | undefined;
  gzip: Buffer | undefined;
}

/** Files above this size are read from disk on each request instead of being kept in memory. */
const MAX_CACHED_BYTES = 2 * 1024 * 1024;
/** The files that can name the site's origin: pages, the sitemap and feed, robots.txt, manifests. */
const REWRITABLE = /\.(html|xml|txt|json|webmanifest)$/;
/** Files read and recompressed at once while rewriting (zlib's async calls run on libuv's thread pool). */
const IN_FLIGHT = 8;

export interface StaticFilesOptions {
  /**
   * The origin the site was built with (`from`) and the one it is served at (`to`). A container image is
   * built once with a placeholder origin and started anywhere: every text file that names `from` is rewritten
   * to name `to` once, at start, and its brotli/gzip twins are made again; the other files are served as built.
   */
  origin?: { from: string; to: string };
}

export type ServeStatic = (
  req: IncomingMessage,
  res: ServerResponse,
  as?: { url: string; status: number },
) => Promise<boolean>;

export interface StaticFiles {
  serve: ServeStatic;
  /** How many files named the build's origin and were rewritten at start. */
  rewritten: number;
}

/**
 * Serves the build's static output (prerendered pages and assets) from memory, with the .br/.gz
 * twins written at build time, ETags and long-lived caching for fingerprinted assets.
 * `serve` returns false when no file matches, so the caller can hand the request to the page renderer.
 *
 * The build's files are listed once, at start: a page rendered on demand is not in the list, so it costs
 * no file-system lookup (a failed `stat` per request was 6 % of the lesson teaser's CPU time under load).
 */
export async function createStaticFiles(root: string, options: StaticFilesOptions = {}): Promise<StaticFiles> {
  const cache = new Map<string, CachedFile>();
  const files = listFiles(root);
  const { origin } = options;
  const rewritten = origin && origin.from !== origin.to ? await rewriteOrigin(files, origin, cache) : 0;

  async function load(path: string): Promise<CachedFile | undefined> {
    const cached = cache.get(path);
    if (cached) return cached;
    if (!files.has(path)) return undefined;
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return undefined;
    const [identity, br, gzip] = await Promise.all([
      readFile(path),
      readFile(`${path}.br`).catch(() => undefined),
      readFile(`${path}.gz`).catch(() => undefined),
    ]);
    const file: CachedFile = {
      type: TYPES[extname(path)] ?? "application/octet-stream",
      etag: `"${info.size.toString(36)}-${info.mtimeMs.toString(36)}"`,
      identity,
      br,
      gzip,
    };
    if (info.size <= MAX_CACHED_BYTES) cache.set(path, file);
    return file;
  }

  /** `as` serves another file than the URL names (the 404 page), with `status`. */
  const serve: ServeStatic = async (req, res, as) => {
    if (req.method !== "GET" && req.method !== "HEAD" && !as) return false;
    const status = as?.status ?? 200;
    const path = resolvePath(root, as?.url ?? req.url ?? "/");
    if (!path) return false;
    const file = await load(path);
    if (!file) return false;
    const immutable = path.includes(`${sep}_astro${sep}`);
    res.setHeader("Content-Type", file.type);
    res.setHeader(
      "Cache-Control",
      immutable ? "public, max-age=31536000, immutable" : "public, max-age=0, must-revalidate",
    );
    res.setHeader("ETag", file.etag);
    res.setHeader("Vary", "Accept-Encoding");
    if (status === 200 && req.headers["if-none-match"] === file.etag) {
      res.writeHead(304).end();
      return true;
    }
    const accepts = req.headers["accept-encoding"] ?? "";
    let body = file.identity;
    if (file.br && accepts.includes("br")) {
      body = file.br;
      res.setHeader("Content-Encoding", "br");
    } else if (file.gzip && accepts.includes("gzip")) {
      body = file.gzip;
      res.setHeader("Content-Encoding", "gzip");
    }
    res.setHeader("Content-Length", body.length);
    res.writeHead(status);
    res.end(req.method === "HEAD" ? undefined : body);
    return true;
  };
  return { serve, rewritten };
}

/**
 * Puts `origin.to` in place of `origin.from` in every text file that names it, with fresh twins, straight into
 * the cache (which never drops them: the files on disk still name the old origin). The ETag comes from the
 * new content, so every instance started with the same SITE_URL answers with the same one.
 */
async function rewriteOrigin(
  files: Set<string>,
  origin: { from: string; to: string },
  cache: Map<string, CachedFile>,
): Promise<number> {
  const queue = [...files].filter((file) => REWRITABLE.test(file));
  let count = 0;
  const worker = async () => {
    for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
      const built = await readFile(file);
      if (!built.includes(origin.from)) continue;
      const identity = Buffer.from(built.toString("utf8").replaceAll(origin.from, origin.to));
      const twins = await compressText(identity);
      const hash = createHash("sha256").update(identity).digest("base64url").slice(0, 22);
      cache.set(file, {
        type: TYPES[extname(file)] ?? "application/octet-stream",
        etag: `"${hash}"`,
        identity,
        br: twins?.br,
        gzip: twins?.gzip,
      });
      count++;
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return count;
}

/** Every file under root, as full paths (the form resolvePath returns). */
function listFiles(root: string): Set<string> {
  try {
    const entries = readdirSync(root, { recursive: true, withFileTypes: true });
    return new Set(
      entries
        .filter((entry) => entry.isFile() || entry.isSymbolicLink())
        .map((entry) => normalize(join(entry.parentPath, entry.name))),
    );
  } catch {
    return new Set();
  }
}

/** Maps a URL to a file under root: `/a/b` → `a/b/index.html`, `/x.css` → `x.css`; never outside root. */
function resolvePath(root: string, url: string): string | undefined {
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.split("?")[0] ?? "/");
  } catch {
    return undefined;
  }
  if (pathname.includes("\0")) return undefined;
  const relative = extname(pathname) ? pathname : join(pathname, "index.html");
  const full = normalize(join(root, relative));
  return full.startsWith(root) ? full : undefined;
}
