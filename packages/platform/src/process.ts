import { EnvError } from "@academy/config/env";
import { DatabaseUnavailableError } from "@academy/db/client";
import { DataFolderLockedError } from "@academy/db/lock";
import { PlanValidationError } from "@academy/programming";

/** Start-up failures a person can fix get one line on stderr, not a stack trace. */
export function exitOnStartupError(error: unknown): never {
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
  } else {
    console.error(error);
  }
  process.exit(1);
}

/** Runs `close` once on SIGINT/SIGTERM, then exits, so the database is closed and its lock released. */
export function onShutdown(close: () => Promise<void>): void {
  let closing = false;
  const stop = (signal: string) => {
    if (closing) return;
    closing = true;
    const timer = setTimeout(() => process.exit(1), 10_000);
    timer.unref();
    close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error(`Error while shutting down on ${signal}:`, error);
        process.exit(1);
      });
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}
