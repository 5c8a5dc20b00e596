import { authEnv } from "@academy/auth/env";
import { httpUrl, nodeEnv, repositoryPath } from "@academy/config/env";
import { dbEnv } from "@academy/db/env";
import { mailEnv } from "@academy/mail/env";
import { z } from "zod";
import { deliverabilityEnv } from "./deliverability/settings.ts";
import { LOG_LEVELS } from "./logger.ts";
import { contentEnv } from "./site/content-dir.ts";

const PROXY_HOPS = "expected how many proxies stand in front of the app, 0 to 5 (true means 1)";

/** The variables the platform reads, whichever process hosts it (the web server or the standalone API). */
export const platformEnv = {
  ...nodeEnv,
  ...dbEnv,
  ...mailEnv,
  ...authEnv,
  ...deliverabilityEnv,
  ...contentEnv,
  SITE_URL: httpUrl().default("http://localhost:4321"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PLANS_DIR: repositoryPath("content/plans"),
  STRIPE_SECRET_KEY: z.string().startsWith("sk_", { error: "expected a Stripe secret key (sk_…)" }).optional(),
  STRIPE_WEBHOOK_SECRET: z
    .string()
    .startsWith("whsec_", { error: "expected a webhook signing secret (whsec_…)" })
    .optional(),
  // The SDK takes a host, port and protocol but no path, so only an origin can be honoured.
  STRIPE_API_BASE: httpUrl()
    .refine((value) => new URL(value).pathname === "/" && !/[?#]/.test(value), {
      error: "expected the origin of a Stripe-compatible API, without a path (e.g. http://127.0.0.1:12111)",
    })
    .optional(),
  STRIPE_PRICE_MONTHLY: z.string().min(1).default("membership_monthly"),
  STRIPE_CHECKOUT_PER_SECOND: z.coerce
    .number({ error: "expected checkout sessions per second, 1 to 25" })
    .min(1, { error: "expected checkout sessions per second, 1 to 25" })
    .max(25, { error: "expected checkout sessions per second, 1 to 25" })
    .default(20),
  // Summed over every endpoint and every instance: Stripe limits the account, not the endpoint.
  STRIPE_CALLS_PER_SECOND: z.coerce
    .number({ error: "expected Stripe calls per second over all endpoints, 1 to 100" })
    .min(1, { error: "expected Stripe calls per second over all endpoints, 1 to 100" })
    .max(100, { error: "expected Stripe calls per second over all endpoints, 1 to 100" })
    .default(24),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `expected one of ${LOG_LEVELS.join(", ")}` }).default("info"),
  // Unset: no /metrics at all (404). Set: /metrics answers Prometheus with `Authorization: Bearer <token>`.
  METRICS_TOKEN: z.string().min(16, { error: "expected a random token of at least 16 characters" }).optional(),
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce
    .number({ error: "expected seconds to finish requests and jobs on SIGTERM, 1 to 300" })
    .min(1, { error: "expected seconds to finish requests and jobs on SIGTERM, 1 to 300" })
    .max(300, { error: "expected seconds to finish requests and jobs on SIGTERM, 1 to 300" })
    .default(15),
  // How many reverse proxies stand in front of the app (0: none). "true" means one, "false" none.
  TRUST_PROXY: z
    .string()
    .default("0")
    .transform((value) => (value === "true" ? 1 : value === "false" ? 0 : Number(value)))
    .pipe(
      z
        .number({ error: PROXY_HOPS })
        .int({ error: PROXY_HOPS })
        .min(0, { error: PROXY_HOPS })
        .max(5, { error: PROXY_HOPS }),
    ),
};

export type PlatformEnv = z.infer<z.ZodObject<typeof platformEnv>>;

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);
const ANY_ADDRESS = new Set(["0.0.0.0", "::", "[::]"]);

/**
 * The variables with SITE_URL filled in from where the server listens when it is not set: `PORT=5000` alone
 * gives `http://localhost:5000`, so links in emails reach the server that sent them.
 */
export function withDefaultSiteUrl(
  source: Record<string, string | undefined>,
  defaultPort: number,
): Record<string, string | undefined> {
  if (source.SITE_URL?.trim()) return source;
  const port = source.PORT?.trim() || String(defaultPort);
  // A PORT that is no port is reported as such by the env check, not as a bad SITE_URL made from it.
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) return source;
  const host = source.HOST?.trim() || "127.0.0.1";
  const name = LOOPBACK_NAMES.has(host) || ANY_ADDRESS.has(host) ? "localhost" : host;
  return { ...source, SITE_URL: `http://${name}:${port}` };
}

/**
 * A sentence to print at start when SITE_URL names this machine but another port than the server's, so that
 * every link in every email would point where nothing listens. Undefined when they agree (or SITE_URL is a
 * public address, which a proxy in front maps to the port).
 */
export function describeSiteUrlMismatch(siteUrl: string, port: number): string | undefined {
  const url = new URL(siteUrl);
  if (!LOOPBACK_NAMES.has(url.hostname)) return undefined;
  const sitePort = Number(url.port || (url.protocol === "https:" ? 443 : 80));
  if (sitePort === port) return undefined;
  return `SITE_URL is ${siteUrl} but the server listens on port ${port}: links in emails will point at port ${sitePort}. Set SITE_URL to the address people open, or leave it unset.`;
}
