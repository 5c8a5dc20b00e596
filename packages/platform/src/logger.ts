/**
 * The process's one logger (pino): JSON lines in production and tests, one readable line per entry in
 * development. Secrets never reach the output: cookie, authorization and Stripe-signature headers and fields
 * named like secrets are redacted by path, and anything that looks like an email address, in a message or in
 * any field (errors and child bindings included), is masked on each line before it is written.
 *
 * @example
 * const logger = createLogger({ level: env.LOG_LEVEL, format: env.NODE_ENV === "development" ? "pretty" : "json" });
 * logger.info({ queue: "launch" }, "worker started");
 */
import { type DestinationStream, type Logger, type LoggerOptions, pino } from "pino";
import { prettyFactory } from "pino-pretty";

export type { Logger };

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface CreateLoggerOptions {
  level: LogLevel;
  /** "json": one JSON object per line (production, log shippers); "pretty": one readable line (development). */
  format: "json" | "pretty";
  /** Where lines go; standard output by default (tests pass a stream to read them). */
  destination?: DestinationStream;
}

const REDACTED = "[redacted]";
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const SECRET_FIELDS = ["password", "token", "secret", "appSecret", "cookie", "authorization", "apiKey"];
const SECRET_HEADERS = ["cookie", "set-cookie", "authorization", "stripe-signature", "x-metrics-token"];

/** Paths pino censors wherever a request, a response or a field carries a secret. */
export const REDACT_PATHS = [
  ...SECRET_HEADERS.flatMap((header) => [
    `req.headers["${header}"]`,
    `res.headers["${header}"]`,
    `headers["${header}"]`,
    `*.headers["${header}"]`,
  ]),
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`]),
];

/** Replaces every email address in a text with `[email]`. */
export function maskEmails(text: string): string {
  return text.replace(EMAIL, "[email]");
}

export function createLogger(options: CreateLoggerOptions): Logger {
  const config: LoggerOptions = {
    level: options.level,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  // Masked on the finished line, so an address is caught wherever it is: the message, a field, a child
  // logger's bindings, an error's message or its cause.
  const target = options.destination ?? outputFor(options.format);
  return pino(config, { write: (line: string) => target.write(maskEmails(line)) });
}

function outputFor(format: CreateLoggerOptions["format"]): DestinationStream {
  // Asynchronous writes: a synchronous write per line cost a quarter of a busy server's CPU (the request log
  // writes one per request). Lines written while one write is in flight go out together in the next; pino
  // flushes what is pending synchronously when the process exits (process.exit, a crash, SIGTERM's shutdown),
  // so only a SIGKILL can lose the last lines.
  const stdout = pino.destination({ dest: 1, sync: false });
  if (format === "json") return stdout;
  // pino-pretty as a synchronous formatter, not a worker-thread transport, for the same reason.
  const pretty = prettyFactory({ colorize: process.stdout.isTTY, singleLine: true, ignore: "pid,hostname" });
  return { write: (line: string) => stdout.write(pretty(line)) };
}

/** The logger the environment asks for: LOG_LEVEL, JSON except under NODE_ENV=development. */
export function createLoggerFromEnv(env: { LOG_LEVEL: LogLevel; NODE_ENV: string }): Logger {
  return createLogger({ level: env.LOG_LEVEL, format: env.NODE_ENV === "development" ? "pretty" : "json" });
}

/** A logger that writes nothing: the default in tests that do not read logs. */
export function createSilentLogger(): Logger {
  return pino({ level: "silent" });
}
