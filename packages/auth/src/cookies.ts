/**
 * The session cookie: `__Host-session`, HttpOnly, Secure, SameSite=Lax, Path=/. Only a site served over
 * plain http on localhost (development) drops the `__Host-` prefix and `Secure`, which need https.
 */
export interface SessionCookie {
  name: string;
  secure: boolean;
}

export function sessionCookieFor(siteUrl: string): SessionCookie {
  const url = new URL(siteUrl);
  const local = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname) || url.hostname.endsWith(".localhost");
  const secure = url.protocol === "https:" || !local;
  return { name: secure ? "__Host-session" : "session", secure };
}

export function serializeSessionCookie(cookie: SessionCookie, token: string, expires: Date, now: Date): string {
  const maxAge = Math.max(0, Math.floor((expires.getTime() - now.getTime()) / 1000));
  return [
    `${cookie.name}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${maxAge}`,
    `Expires=${expires.toUTCString()}`,
    ...(cookie.secure ? ["Secure"] : []),
  ].join("; ");
}

export function serializeBlankSessionCookie(cookie: SessionCookie): string {
  return [
    `${cookie.name}=`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    "Max-Age=0",
    ...(cookie.secure ? ["Secure"] : []),
  ].join("; ");
}

/** The session token from a Cookie header, if any. */
export function readSessionToken(cookie: SessionCookie, header: string | null | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [name, ...value] = part.trim().split("=");
    if (name === cookie.name) return value.join("=") || undefined;
  }
  return undefined;
}
