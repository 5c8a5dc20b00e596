// One load measurement with autocannon: a short warm-up, then a fixed duration at a fixed number of
// connections (or a fixed request rate), bounded by a watchdog. Returns requests/s, latency
// percentiles, status codes, errors and the CPU split of the measured part.
import autocannon from "autocannon";
import { cpuSince, cpuSnapshot } from "./cpu.mjs";

export const DEFAULT_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
export const DEFAULT_WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
/** Cores busy outside the server and the bench above which the machine is not quiet (others at work). */
export const NOISE_CORES = Number(process.env.BENCH_NOISE_CORES ?? 0.25);
// For the whole process: how long to wait for a quiet machine, and how many noisy rows to measure again.
let quietBudgetMs = Number(process.env.BENCH_QUIET_WAIT_SECONDS ?? 30) * 1000;
let retriesLeft = Number(process.env.BENCH_RETRIES ?? 2);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits (within the process's budget) until nothing but the server under test uses the CPU. */
async function waitForQuiet(serverPid) {
  while (quietBudgetMs > 0) {
    const before = cpuSnapshot(serverPid);
    await sleep(500);
    quietBudgetMs -= 500;
    const cpu = cpuSince(before);
    if (cpu.busy - cpu.server - cpu.bench < NOISE_CORES) return true;
  }
  return false;
}

function fire(options, seconds) {
  return new Promise((resolve, reject) => {
    const instance = autocannon({ ...options, duration: seconds }, (error, result) => {
      clearTimeout(watchdog);
      if (error) reject(error);
      else resolve(result);
    });
    // autocannon stops by itself after `duration`; this only guards against a hang.
    const watchdog = setTimeout(() => instance.stop(), (seconds + (options.timeout ?? 10) + 15) * 1000);
  });
}

/**
 * @param {object} spec
 * @param {string} spec.url          full URL on 127.0.0.1
 * @param {string} [spec.method]
 * @param {Record<string,string>} [spec.headers]
 * @param {() => string} [spec.body]  a fresh body for every request (e.g. a unique email)
 * @param {() => Record<string,string>} [spec.headersFor]  headers of their own for every request (e.g. a client)
 * @param {(status: number, body: string, context: object) => void} [spec.onResponse]
 * @param {number} [spec.connections]
 * @param {number} [spec.rate]       requests per second in total (autocannon overallRate)
 * @param {number[]} [spec.expect]   the statuses that count as success (default [200])
 * @param {number} [spec.serverPid]  for the CPU split
 * @param {() => Promise<unknown>} [spec.afterWarmup]  e.g. wait for a queue the warm-up filled
 * @param {boolean} [spec.retry]     false: never measure again when noisy (a run that leaves a queue behind)
 */
export async function measure(spec) {
  const {
    url,
    method = "GET",
    headers = {},
    body,
    headersFor,
    onResponse,
    connections = 100,
    rate,
    expect = [200],
    seconds = DEFAULT_SECONDS,
    warmupSeconds = DEFAULT_WARMUP_SECONDS,
    warmupConnections = connections,
    timeout = 30,
    serverPid,
  } = spec;
  const request = { method, headers };
  const requests = [
    {
      ...request,
      ...(body || headersFor
        ? {
            setupRequest: (req, context) => {
              const text = body?.();
              context.body = text;
              return {
                ...req,
                ...(text === undefined ? {} : { body: text }),
                ...(headersFor ? { headers: { ...req.headers, ...headersFor() } } : {}),
              };
            },
          }
        : {}),
      ...(onResponse ? { onResponse } : {}),
    },
  ];
  const options = { url, connections, timeout, requests, ...(rate ? { overallRate: rate } : {}) };
  if (warmupSeconds > 0) {
    const { onResponse: _ignored, ...warmupRequest } = requests[0];
    await fire({ ...options, connections: warmupConnections, requests: [warmupRequest] }, warmupSeconds);
    await spec.afterWarmup?.();
  }
  let { result, cpu } = await measured(options, seconds, serverPid);
  let retried = false;
  if (cpu.other >= NOISE_CORES && retriesLeft > 0 && spec.retry !== false) {
    // Something else ran meanwhile (another build or test on this machine): once more, keep the quieter.
    retriesLeft--;
    retried = true;
    const again = await measured(options, seconds, serverPid);
    if (again.cpu.other < cpu.other) ({ result, cpu } = again);
  }
  const statuses = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([status, stats]) => [status, stats.count]),
  );
  const completed = Object.values(statuses).reduce((sum, count) => sum + count, 0);
  const expected = expect.reduce((sum, status) => sum + (statuses[status] ?? 0), 0);
  return {
    connections,
    rate: rate ?? null,
    seconds,
    requestsPerSecond: Math.round(result.requests.average),
    completed,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: Math.round(result.latency.mean * 10) / 10,
    },
    statuses,
    expectedStatuses: expect,
    // Connection errors and timeouts, then answers with a status the endpoint should not give.
    errors: result.errors,
    timeouts: result.timeouts,
    unexpected: completed - expected,
    cpu,
    noisy: cpu.other >= NOISE_CORES,
    retried,
  };
}

async function measured(options, seconds, serverPid) {
  await waitForQuiet(serverPid);
  const before = cpuSnapshot(serverPid);
  const result = await fire(options, seconds);
  return { result, cpu: cpuSince(before) };
}
