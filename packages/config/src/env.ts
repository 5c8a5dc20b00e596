/**
 * Environment parsing shared by every app: each package exports a zod shape for the variables it
 * reads (its "fragment"), and each app composes the fragments it needs into one schema.
 *
 * @example
 * const env = loadEnv({ ...dbEnv, PORT: port(4321) }, process.env);
 */
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

export class EnvError extends Error {
  override name = "EnvError";
}

/** Parses `source` against `shape`, or throws an EnvError whose message is one line naming the variable. */
export function loadEnv<Shape extends z.ZodRawShape>(
  shape: Shape,
  source: Record<string, string | undefined>,
): z.infer<z.ZodObject<Shape>> {
  const cleaned = Object.fromEntries(
    Object.keys(shape).map((key) => {
      const value = source[key]?.trim();
      return [key, value === "" ? undefined : value];
    }),
  );
  const result = z.object(shape).safeParse(cleaned);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = String(issue?.path[0] ?? "environment");
  const got = cleaned[name] === undefined ? "it is not set" : `got ${JSON.stringify(cleaned[name])}`;
  throw new EnvError(`Invalid environment variable ${name}: ${issue?.message ?? "invalid value"} (${got}).`);
}

/** A TCP port, 1–65535. */
export function port(defaultPort: number) {
  return z.coerce
    .number({ error: "expected a port number from 1 to 65535" })
    .int({ error: "expected a port number from 1 to 65535" })
    .min(1, { error: "expected a port number from 1 to 65535" })
    .max(65535, { error: "expected a port number from 1 to 65535" })
    .default(defaultPort);
}

/** An absolute http(s) URL. */
export function httpUrl() {
  return z.url({ protocol: /^https?$/, error: "expected an absolute http:// or https:// URL" });
}

const repositoryRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** A folder path: absolute as given, or relative to the repository root; `fallback` when unset. */
export function repositoryPath(fallback: string) {
  return z
    .string()
    .default(fallback)
    .transform((value) => (isAbsolute(value) ? value : resolve(repositoryRoot, value)));
}

/** A comma-separated list, trimmed, empty items dropped. */
export function commaList() {
  return z
    .string()
    .default("")
    .transform((value) =>
      value
        .split(",")
        .map((item) => item.trim())
        .filter(Boolean),
    );
}

export const nodeEnv = {
  NODE_ENV: z
    .enum(["development", "production", "test"], { error: "expected development, production or test" })
    .default("development"),
};

/** Prints an EnvError as one line and exits; rethrows anything else. */
export function exitOnEnvError(error: unknown): never {
  if (error instanceof EnvError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
