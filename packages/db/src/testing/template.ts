declare module "vitest" {
  export interface ProvidedContext {
    /** Empty for PGlite; a PostgreSQL server URL otherwise. */
    databaseUrl: string;
    /** This run's migrated template database on that server (runs side by side never share one). */
    databaseTemplate: string;
  }
}

/** A template database name of its own for this test run, cloned by every test file of the run. */
export function newTemplateName(): string {
  return `academy_template_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}
