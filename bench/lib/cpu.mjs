// Where the machine's CPU went during a measurement (Linux /proc): the server process, the bench
// process (autocannon runs in it), PostgreSQL's processes, and everything else. On 2 cores the load
// generator and the database compete with the server, so this split is part of every figure; a large
// "other" share means something outside the benchmark was busy and the run is noisy.
import { readdirSync, readFileSync } from "node:fs";

const TICKS_PER_SECOND = 100;

function readTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces, so split after the last ')').
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

function postgresTicks() {
  let total = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() === "postgres") total += readTicks(entry);
    } catch {
      // The process ended.
    }
  }
  return total;
}

function machineTicks() {
  const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0]?.split(/\s+/).slice(1).map(Number) ?? [];
  // user, nice, system, irq, softirq; steal (time the hypervisor gave to others) is kept apart.
  const busy = [0, 1, 2, 5, 6].reduce((sum, index) => sum + (cpu[index] ?? 0), 0);
  return { busy, steal: cpu[7] ?? 0 };
}

/** A snapshot; `cpuSince(snapshot)` later gives the split in cores used (1.0 = one core fully busy). */
export function cpuSnapshot(serverPid) {
  return {
    at: performance.now(),
    serverPid,
    server: serverPid ? readTicks(serverPid) : 0,
    self: readTicks(process.pid),
    postgres: postgresTicks(),
    machine: machineTicks(),
  };
}

export function cpuSince(before) {
  const after = cpuSnapshot(before.serverPid);
  const seconds = (after.at - before.at) / 1000;
  const cores = (ticks) => Math.round((ticks / TICKS_PER_SECOND / seconds) * 100) / 100;
  const server = cores(after.server - before.server);
  const bench = cores(after.self - before.self);
  const postgres = cores(after.postgres - before.postgres);
  const busy = cores(after.machine.busy - before.machine.busy);
  const other = Math.max(0, Math.round((busy - server - bench - postgres) * 100) / 100);
  return { server, bench, postgres, other, busy, steal: cores(after.machine.steal - before.machine.steal) };
}
