// Where a server's CPU time went: reads V8 .cpuprofile files (from `BENCH_PROFILE=<dir>`, which starts
// the server with --cpu-prof) and prints the self time by package and the busiest functions.
// Usage: node bench/lib/cpuprofile-top.mjs <file.cpuprofile|dir> [top=25]
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** The package a script belongs to: `drizzle-orm`, `packages/db`, `apps/api`, `node:internal`… */
export function packageOf(url) {
  if (!url) return "(native, GC, idle)";
  const modules = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  const workspace = /\/((?:packages|apps)\/[^/]+)\//.exec(url);
  if (workspace) return workspace[1];
  if (url.startsWith("node:")) return "node (built-in modules)";
  return url
    .replace(/^file:\/\//, "")
    .split("/")
    .slice(-2)
    .join("/");
}

export function summarize(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let index = 0; index < samples.length; index++) {
    selfMs.set(samples[index], (selfMs.get(samples[index]) ?? 0) + (deltas[index] ?? 0) / 1000);
  }
  const functions = new Map();
  const packages = new Map();
  let total = 0;
  let idle = 0;
  for (const [id, ms] of selfMs) {
    const node = byId.get(id);
    const frame = node?.callFrame ?? {};
    total += ms;
    if (frame.functionName === "(idle)") {
      idle += ms;
      continue;
    }
    const key = `${frame.functionName || "(anonymous)"} ${frame.url ? `${packageOf(frame.url)}:${frame.lineNumber + 1}` : ""}`;
    functions.set(key, (functions.get(key) ?? 0) + ms);
    const pkg = frame.url ? packageOf(frame.url) : frame.functionName;
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
  }
  const busy = total - idle;
  const sorted = (map) => [...map].sort((a, b) => b[1] - a[1]);
  return { totalMs: total, busyMs: busy, idleMs: idle, packages: sorted(packages), functions: sorted(functions) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const target = process.argv[2];
  const top = Number(process.argv[3] ?? 25);
  if (!target) {
    console.error("Usage: node bench/lib/cpuprofile-top.mjs <file.cpuprofile|dir> [top]");
    process.exit(2);
  }
  const files = statSync(target).isDirectory()
    ? readdirSync(target, { recursive: true })
        .filter((name) => String(name).endsWith(".cpuprofile"))
        .map((name) => join(target, String(name)))
    : [target];
  for (const file of files) {
    const summary = summarize(JSON.parse(readFileSync(file, "utf8")));
    const share = (ms) => `${((ms / summary.busyMs) * 100).toFixed(1).padStart(5)}%`;
    console.log(
      `\n${file}: ${(summary.busyMs / 1000).toFixed(1)} s busy, ${(summary.idleMs / 1000).toFixed(1)} s idle`,
    );
    console.log("  self time by package (share of busy time):");
    for (const [name, ms] of summary.packages.slice(0, 15)) console.log(`  ${share(ms)}  ${name}`);
    console.log(`  top ${top} functions by self time:`);
    for (const [name, ms] of summary.functions.slice(0, top)) console.log(`  ${share(ms)}  ${name}`);
  }
}
