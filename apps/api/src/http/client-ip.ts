import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import type { AppEnv } from "./context.ts";

/** The client's address, for per-IP rate limits. Behind a proxy (TRUST_PROXY) the first X-Forwarded-For hop. */
export function clientIp(c: Context<AppEnv>): string {
  if (c.get("services").trustProxy) {
    const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    // In-process requests (tests) have no socket.
    return "local";
  }
}
