/**
 * Who may open the development mailbox, which shows every email the platform "sent", sign-in codes included.
 * Never in production; elsewhere only a browser on this machine talking to it directly: the connection comes
 * from loopback, the Host names loopback (so no DNS rebinding), and no proxy forwarded the request (a proxy on
 * this machine would make every visitor look local).
 *
 * @example
 * if (!canOpenDevMailbox(platform, { clientAddress: Astro.clientAddress, url: Astro.url, headers })) return notFound;
 */

const FORWARDING_HEADERS = ["forwarded", "x-forwarded-for", "x-forwarded-host", "x-real-ip"];

export interface MailboxRequest {
  /** The address of the connection's other end. */
  clientAddress: string;
  url: URL;
  headers: Headers;
}

export function canOpenDevMailbox(platform: { development: boolean }, request: MailboxRequest): boolean {
  if (!platform.development) return false;
  if (FORWARDING_HEADERS.some((name) => request.headers.has(name))) return false;
  return isLoopbackAddress(request.clientAddress) && isLoopbackHost(request.url.hostname);
}

export function isLoopbackAddress(address: string): boolean {
  const v4 = address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
  return /^127(\.\d{1,3}){3}$/.test(v4) || address === "::1";
}

function isLoopbackHost(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || isLoopbackAddress(hostname);
}
