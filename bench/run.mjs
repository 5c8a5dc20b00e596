// Runs every benchmark in turn and stops at the first that fails. Each writes its figures to
// bench/results/. Add new benchmarks to the list; run one alone with `node bench/<path>`.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const BENCHMARKS = ["content/article-weight.mjs", "content/lighthouse.mjs", "content/build-throughput.mjs"];

for (const file of BENCHMARKS) {
  console.log(`\n=== ${file}`);
  const result = spawnSync(process.execPath, [fileURLToPath(new URL(file, import.meta.url))], { stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`${file} failed (exit code ${result.status ?? result.signal}).`);
    process.exit(1);
  }
}
