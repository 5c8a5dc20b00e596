// A preload for the server under test (`node --import bench/lib/server-probe.mjs apps/web/server.ts`):
// it changes nothing in the app, it only watches. Every HTTP request that any server in the process
// receives is counted per endpoint and per wall-clock second, through Node's diagnostics channel. The
// stand-in Stripe (stripe-local) listens in the same process, so its `/v1/...` requests are exactly the
// calls the app makes to Stripe, measured on Stripe's side. Event-loop utilisation and delay are kept
// too. Everything is written as JSON to BENCH_PROBE_FILE about once a second, at exit and on SIGUSR2.
import { subscribe } from "node:diagnostics_channel";
import { renameSync, writeFileSync } from "node:fs";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";

const file = process.env.BENCH_PROBE_FILE;

/** endpoint → (unix second → requests started in it) */
const perSecond = new Map();

/** `POST /v1/checkout/sessions/cs_123/expire` → `POST /v1/checkout/sessions/:id/expire`. */
export function endpointOf(method, url) {
  const path = (url ?? "/").split("?")[0] ?? "/";
  const segments = path.split("/").map((segment) => (/^[a-z]+_[A-Za-z0-9]+$/.test(segment) ? ":id" : segment));
  // Pages are many; only the API, stripe-local's API and the webhook are told apart.
  const named = path.startsWith("/v1/") || path.startsWith("/api/");
  return `${method} ${named ? segments.join("/") : "(page or file)"}`;
}

if (file) {
  subscribe("http.server.request.start", ({ request }) => {
    const key = endpointOf(request.method, request.url);
    const second = Math.floor(Date.now() / 1000);
    let seconds = perSecond.get(key);
    if (!seconds) {
      seconds = new Map();
      perSecond.set(key, seconds);
    }
    seconds.set(second, (seconds.get(second) ?? 0) + 1);
  });

  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const write = () => {
    const requests = {};
    for (const [key, seconds] of perSecond) requests[key] = Object.fromEntries(seconds);
    const snapshot = {
      pid: process.pid,
      writtenAt: Date.now(),
      eventLoop: {
        utilization: performance.eventLoopUtilization(),
        delayP99Ms: delay.percentile(99) / 1e6,
        delayMaxMs: delay.max / 1e6,
      },
      cpu: process.cpuUsage(),
      requests,
    };
    try {
      // Renamed into place, so a reader never sees half a file.
      writeFileSync(`${file}.tmp`, JSON.stringify(snapshot));
      renameSync(`${file}.tmp`, file);
    } catch {
      // The bench may have removed its folder already.
    }
  };
  setInterval(write, 1000).unref();
  process.on("exit", write);
  // The bench asks for a fresh snapshot with SIGUSR2 (SIGUSR1 belongs to the inspector).
  process.on("SIGUSR2", write);
}
