declare module "vitest" {
  export interface ProvidedContext {
    /** Empty for PGlite; a PostgreSQL server URL otherwise. */
    databaseUrl: string;
  }
}

/** One migrated template database per test run and server, cloned by every test file. */
export function templateName(serverUrl: string): string {
  const database = new URL(serverUrl).pathname.slice(1) || "postgres";
  return `academy_template_${database}`;
}
