import { isIPv6 } from "node:net";
import { getConnInfo } from "@hono/node-server/conninfo";
import type { Context } from "hono";
import type { AppEnv } from "./context.ts";

/**
 * The client's address, for per-IP rate limits. Behind `TRUST_PROXY` = N proxies, the address N hops back:
 * each proxy appends the address it heard from to X-Forwarded-For, so only the last N entries were written by
 * proxies we trust; anything to their left was written by the client and is never believed (as proxy-addr does).
 */
export function clientIp(c: Context<AppEnv>): string {
  return addressBehindProxies(socketAddress(c), c.req.header("x-forwarded-for"), c.get("services").trustProxy);
}

/**
 * What a per-IP limit counts: the address for IPv4, the /64 network for IPv6 (one home connection or server
 * gets a whole /64, so counting single IPv6 addresses counts nothing).
 */
export function clientNetwork(c: Context<AppEnv>): string {
  return networkOf(clientIp(c));
}

export function addressBehindProxies(socket: string, forwardedFor: string | undefined, trustedHops: number): string {
  if (trustedHops === 0 || !forwardedFor) return socket;
  const hops = forwardedFor
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  // [socket, rightmost entry, …, leftmost entry]: the socket and the N entries after it are our proxies' word.
  const chain = [socket, ...hops.reverse()];
  return chain[Math.min(trustedHops, chain.length - 1)] ?? socket;
}

export function networkOf(address: string): string {
  const bare = address.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  if (bare.startsWith("::ffff:") && bare.includes(".")) return bare.slice("::ffff:".length);
  if (!isIPv6(bare)) return bare;
  return `${expandIPv6(bare).slice(0, 4).join(":")}::/64`;
}

function expandIPv6(address: string): string[] {
  const [head = "", tail] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const missing = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...Array<string>(missing).fill("0"), ...right].map((part) => part.toLowerCase().padStart(4, "0"));
}

function socketAddress(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    // In-process requests (tests) have no socket.
    return "local";
  }
}
