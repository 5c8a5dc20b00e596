import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Pages rendered on demand that are the same for every signed-out visitor (a lesson's teaser) are kept for
 * the few seconds their `Cache-Control: public, s-maxage=N` allows, so that a crowd of visitors costs one
 * render. This is the shared cache that header speaks to, inside the server: a page opts in by sending it.
 *
 * What keeps members' pages out: only a response to a request without the session cookie is kept (the
 * middleware decides that), only a `public` one with `s-maxage`, status 200 and no Set-Cookie; and a request
 * that carries the session cookie is never answered from here, so whoever is signed in gets her own page
 * (and signing in or out shows at once).
 *
 * @example
 * const pages = createPublicPageCache({ sessionCookieName: "__Host-session" });
 * if (pages.serve(req, res)) return; // else render; the middleware calls pages.keep(key, response)
 */
export interface PublicPageCache {
  /** Answers a GET or HEAD from the cache; false when it cannot, and the page must be rendered. */
  serve(req: IncomingMessage, res: ServerResponse): boolean;
  /**
   * Keeps a copy of a page rendered for a signed-out visitor when its headers allow a shared cache to; `key`
   * is the request's path and query. Returns the response to send (its body read once, so made anew).
   */
  keep(key: string, response: Response): Promise<Response>;
}

interface Entry {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** Epoch ms after which the entry is not used. */
  expiresAt: number;
}

export function createPublicPageCache(options: {
  sessionCookieName: string;
  /** Pages kept at most; the oldest goes first (query strings make keys unbounded). */
  maxEntries?: number;
  now?: () => number;
}): PublicPageCache {
  const { sessionCookieName, maxEntries = 200, now = Date.now } = options;
  const entries = new Map<string, Entry>();
  const cookiePrefix = `${sessionCookieName}=`;

  return {
    serve(req, res) {
      if (req.method !== "GET" && req.method !== "HEAD") return false;
      // Any mention of the session cookie sends her to the renderer, which checks it.
      if (req.headers.cookie?.includes(cookiePrefix)) return false;
      const key = req.url ?? "/";
      const entry = entries.get(key);
      if (entry === undefined) return false;
      if (now() >= entry.expiresAt) {
        entries.delete(key);
        return false;
      }
      res.writeHead(entry.status, entry.headers);
      res.end(req.method === "HEAD" ? undefined : entry.body);
      return true;
    },

    async keep(key, response) {
      const seconds = readSharedMaxAge(response.headers.get("cache-control"));
      if (response.status !== 200 || seconds === undefined || response.headers.has("set-cookie")) return response;
      const body = Buffer.from(await response.arrayBuffer());
      const headers: Record<string, string> = {};
      response.headers.forEach((value, name) => {
        headers[name] = value;
      });
      headers["content-length"] = String(body.length);
      entries.delete(key);
      entries.set(key, { status: response.status, headers, body, expiresAt: now() + seconds * 1000 });
      if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
      return new Response(body, { status: response.status, statusText: response.statusText, headers });
    },
  };
}

/** The seconds a shared cache may keep a response: `s-maxage` of a `public` one, else undefined. */
export function readSharedMaxAge(cacheControl: string | null): number | undefined {
  if (!cacheControl) return undefined;
  const directives = cacheControl
    .toLowerCase()
    .split(",")
    .map((directive) => directive.trim());
  if (
    !directives.includes("public") ||
    directives.some((directive) => /^(private|no-store|no-cache)\b/.test(directive))
  )
    return undefined;
  const seconds = Number(directives.find((directive) => directive.startsWith("s-maxage="))?.slice("s-maxage=".length));
  return Number.isInteger(seconds) && seconds > 0 ? seconds : undefined;
}
