import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../client.ts";
import { newTemplateName } from "./template.ts";

/** Builds the migrated template database that each PostgreSQL test file clones, and removes it after. */
export default async function setup(project: TestProject) {
  const serverUrl = project.config.provide.databaseUrl;
  if (!serverUrl) throw new Error("The PostgreSQL test project needs TEST_DATABASE_URL.");
  const template = newTemplateName();
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${template}"`);
  project.provide("databaseTemplate", template);
  const url = new URL(serverUrl);
  url.pathname = `/${template}`;
  const database = await openDatabase({ url: url.toString(), poolSize: 1 });
  await database.close();
  return async () => {
    await admin.unsafe(`drop database if exists "${template}" with (force)`);
    await admin.end();
  };
}
