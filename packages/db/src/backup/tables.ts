import type { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "../client.ts";

/** Runs one SQL statement and returns its rows. */
export type RunQuery = <Row extends object>(text: string) => Promise<Row[]>;

/** A table's row count and the MD5 of its rows as text in sorted order: equal fingerprints, equal contents. */
export interface TableFingerprint {
  rows: number;
  checksum: string;
}

export interface TableSummary {
  /** Tables in every schema but PostgreSQL's own, partitions counted with their parent. */
  tables: number;
  rows: number;
}

// Every schema a dump carries: ours (public, drizzle's migrations, jobs, pgboss…), never PostgreSQL's own.
// Leaf tables only (relkind r): a partitioned table's rows are those of its partitions, counted once.
const leafTables = `
  select n.nspname as schema, c.relname as name
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind = 'r' and n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
  order by 1, 2`;
const topLevelTables = `
  select count(*)::int as tables
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p') and not c.relispartition
    and n.nspname <> 'information_schema' and n.nspname !~ '^pg_'`;

export function queryThroughPglite(client: PGlite): RunQuery {
  return async <Row extends object>(text: string) => (await client.query<Row>(text)).rows;
}

/** A postgres-js client or transaction. */
export function queryThroughPostgres(client: { unsafe(text: string): PromiseLike<readonly object[]> }): RunQuery {
  return async <Row extends object>(text: string) => [...(await client.unsafe(text))] as Row[];
}

export function queryThroughHandle(handle: DatabaseHandle): RunQuery {
  return async <Row extends object>(text: string) => {
    const result: unknown = await handle.db.execute(sql.raw(text));
    // postgres-js answers with the rows, PGlite with { rows }.
    return (Array.isArray(result) ? result : (result as { rows: Row[] }).rows) as Row[];
  };
}

/** How many tables and rows the database holds. */
export async function summarizeTables(query: RunQuery): Promise<TableSummary> {
  const [counted] = await query<{ tables: number }>(topLevelTables);
  let rows = 0;
  for (const { schema, name } of await query<{ schema: string; name: string }>(leafTables)) {
    const [row] = await query<{ rows: number }>(`select count(*)::int as rows from ${quoteTable(schema, name)}`);
    rows += row?.rows ?? 0;
  }
  return { tables: counted?.tables ?? 0, rows };
}

/** Every table's fingerprint, by `schema.table`. */
export async function fingerprintTables(query: RunQuery): Promise<Record<string, TableFingerprint>> {
  const fingerprints: Record<string, TableFingerprint> = {};
  for (const { schema, name } of await query<{ schema: string; name: string }>(leafTables)) {
    const [row] = await query<TableFingerprint>(
      `select count(*)::int as rows, coalesce(md5(string_agg(t::text, ',' order by t::text)), '') as checksum
       from ${quoteTable(schema, name)} as t`,
    );
    fingerprints[`${schema}.${name}`] = row ?? { rows: 0, checksum: "" };
  }
  return fingerprints;
}

function quoteTable(schema: string, name: string): string {
  return `${quoteIdentifier(schema)}.${quoteIdentifier(name)}`;
}

function quoteIdentifier(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
