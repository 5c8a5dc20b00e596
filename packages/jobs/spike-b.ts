import { PGlite } from "@electric-sql/pglite";
import { fromPglite, PgBoss } from "pg-boss";

const pg = await PGlite.create();
const inner = fromPglite(pg);
const log: string[] = [];
const db = {
  ...inner,
  executeSql: async (text: string, values?: unknown[]) => {
    log.push(`${values?.length ?? 0}| ${text.replace(/\s+/g, " ").slice(0, 160)}`);
    return inner.executeSql(text, values);
  },
};
const boss = new PgBoss({ db, backend: "pglite" } as any);
boss.on("error", (e) => console.error("boss error", e));
boss.on("warning", (e) => console.error("boss warning", e));
const t = Date.now();
await boss.start();
console.log("started in", Date.now() - t, "ms; statements:", log.length);
await boss.createQueue("q", { policy: "exclusive" });
const a = await boss.send("q", { x: 1 }, { singletonKey: "k" });
const b = await boss.send("q", { x: 2 }, { singletonKey: "k" });
console.log("ids", a, b);
const start = Date.now();
const d = await boss.send("q", { x: 3 }, { startAfter: new Date(Date.now() + 1500) });
const seen: any[] = [];
await boss.work("q", { pollingIntervalSeconds: 0.5, batchSize: 5 }, async (jobs) => {
  for (const j of jobs) seen.push([j.data, Date.now() - start]);
});
await new Promise((r) => setTimeout(r, 3000));
console.log(seen);
await boss.stop({ graceful: true, timeout: 2000 });
console.log(
  log
    .filter((l) => l.startsWith("0|"))
    .map((l) => l.slice(0, 200))
    .join("\n"),
);
console.log("total", log.length);
await pg.close();
