import type { Server } from "node:http";
import { EnvError } from "@academy/config/env";
import { DatabaseUnavailableError } from "@academy/db/client";
import { DataFolderLockedError } from "@academy/db/lock";
import { PlanValidationError } from "@academy/programming";
import type { Logger } from "./logger.ts";

/**
 * Start-up failures a person can fix get one line on stderr, not a stack trace; anything else is logged
 * whole (to the logger when there is one yet).
 */
export function exitOnStartupError(error: unknown, logger?: Logger): never {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (
    error instanceof DataFolderLockedError ||
    error instanceof DatabaseUnavailableError ||
    error instanceof EnvError ||
    error instanceof PlanValidationError
  ) {
    process.stderr.write(`${error.message}\n`);
  } else if (code === "EADDRINUSE") {
    process.stderr.write(
      `The port is already in use (${(error as Error).message}). Stop the other server or set another port.\n`,
    );
  } else if (code === "EACCES") {
    process.stderr.write(`Not allowed to listen there (${(error as Error).message}). Use a port above 1024.\n`);
  } else if (logger) {
    logger.fatal({ err: error }, "start-up failed");
  } else {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exit(1);
}

export interface ShutdownOptions {
  logger: Logger;
  /** The whole shutdown's budget; past it the process exits with 1 (the next instance retries what was left). */
  timeoutMs: number;
}

/**
 * Runs `close` once on SIGINT/SIGTERM, then exits, so that requests under way are answered, jobs under way
 * finish, and the database is closed and its lock released. `close` gets the budget it has, in milliseconds.
 */
export function onShutdown(close: (budgetMs: number) => Promise<void>, options: ShutdownOptions): void {
  const { logger, timeoutMs } = options;
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    const started = Date.now();
    logger.info({ signal, timeoutMs }, `${signal}: shutting down`);
    const timer = setTimeout(() => {
      logger.error({ signal, timeoutMs }, `shutdown did not finish within ${timeoutMs} ms; exiting`);
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    // A margin before the hard stop, so the last steps (closing the database) still run in time.
    close(Math.max(1_000, timeoutMs - 1_000))
      .then(() => {
        logger.info({ signal, durationMs: Date.now() - started }, "shut down");
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error, signal }, "error while shutting down");
        process.exit(1);
      });
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

/**
 * Stops accepting connections and resolves once every request under way has been answered. Connections a
 * proxy keeps alive are closed as soon as they go idle (the server should also answer `Connection: close`
 * from now on), so they do not hold the shutdown open until they time out.
 */
export async function closeHttpServer(server: Server, logger: Logger): Promise<void> {
  const started = Date.now();
  const closeIdle = setInterval(() => server.closeIdleConnections(), 100);
  server.closeIdleConnections();
  try {
    await new Promise((resolve) => server.close(resolve));
  } finally {
    clearInterval(closeIdle);
  }
  logger.info(
    { step: "requests under way answered", durationMs: Date.now() - started },
    "shutdown: HTTP server closed",
  );
}
