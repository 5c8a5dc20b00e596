// Runs the benchmarks, each in its own process, and writes their figures to bench/results/.
//   pnpm bench                  everything
//   pnpm bench content          the content budgets (article weight, Lighthouse, build throughput)
//   pnpm bench load             the load benchmarks: api, doors and email
//   pnpm bench api doors        any mix of suites, or of files such as content/lighthouse.mjs
//   pnpm bench doors --instances 2   the doors-open spike on two instances behind a proxy (doors/instances.mjs)
// Every selected benchmark runs even when one before it fails or misses a budget; the exit code is 1
// when any did. Add new benchmarks to SUITES; run one alone with `node bench/<path>`.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const SUITES = {
  content: ["content/article-weight.mjs", "content/lighthouse.mjs", "content/build-throughput.mjs"],
  api: ["api/load.mjs"],
  doors: ["doors/spike.mjs"],
  email: ["doors/launch-email.mjs"],
};
const ALIASES = { load: ["api", "doors", "email"], all: Object.keys(SUITES) };
const LOAD = new Set([...SUITES.api, ...SUITES.doors, ...SUITES.email, "doors/instances.mjs"]);

// `--instances N` (N > 1): the doors suite runs on N instances of the server instead of one.
const args = process.argv.slice(2);
const instancesFlag = args.indexOf("--instances");
let childEnv = process.env;
if (instancesFlag !== -1) {
  const count = Number(args[instancesFlag + 1]);
  if (!Number.isInteger(count) || count < 1) {
    console.error("--instances expects how many instances of the server to run, e.g. --instances 2.");
    process.exit(2);
  }
  args.splice(instancesFlag, 2);
  if (count > 1) SUITES.doors = ["doors/instances.mjs"];
  childEnv = { ...process.env, BENCH_DOORS_INSTANCES: String(count) };
}

function select(names) {
  if (names.length === 0) return Object.values(SUITES).flat();
  const files = [];
  for (const name of names) {
    const suites = ALIASES[name] ?? (SUITES[name] ? [name] : undefined);
    if (suites) files.push(...suites.flatMap((suite) => SUITES[suite]));
    else if (existsSync(fileURLToPath(new URL(name, import.meta.url)))) files.push(name);
    else {
      const known = [...Object.keys(SUITES), ...Object.keys(ALIASES)].join(", ");
      console.error(`Unknown benchmark "${name}": use one of ${known}, or a file under bench/.`);
      process.exit(2);
    }
  }
  return [...new Set(files)];
}

const files = select(args);
if (files.some((file) => LOAD.has(file))) {
  // The load benchmarks use the production build as it is; it is built only when missing.
  const { ensureSiteBuilt } = await import("./lib/harness.mjs");
  ensureSiteBuilt();
}

const started = performance.now();
const failed = [];
for (const file of files) {
  console.log(`\n=== ${file}`);
  const result = spawnSync(process.execPath, [fileURLToPath(new URL(file, import.meta.url))], {
    stdio: "inherit",
    env: childEnv,
  });
  if (result.status !== 0) {
    console.error(`${file} failed or missed a budget (exit code ${result.status ?? result.signal}).`);
    failed.push(file);
  }
}

if (files.some((file) => LOAD.has(file))) {
  const latest = fileURLToPath(new URL("results/latest.md", import.meta.url));
  if (existsSync(latest))
    console.log(`\n=== load summary (bench/results/latest.md)\n\n${readFileSync(latest, "utf8")}`);
}
console.log(`\nBenchmarks took ${((performance.now() - started) / 1000).toFixed(0)} s.`);
if (failed.length > 0) {
  console.error(`Failed or over budget: ${failed.join(", ")}.`);
  process.exit(1);
}
