// A round-robin HTTP proxy on loopback, for benchmarks that run several instances of the server behind
// one address, as a load balancer would. Each request goes to the next instance in turn. An instance that
// refuses the connection (killed) is taken out of the rotation and the request
// is sent to the next one (a reset connection is retried there too), as a load balancer with passive health checks and `proxy_next_upstream error`
// does; enrolling is safe to repeat (a second click joins the first), so POSTs are retried too.
// Run it in its own process (`node bench/lib/proxy.mjs <port> <origin>…`, see spawnRoundRobinProxy), so that
// the load generator and the proxy do not share one event loop.
import { spawn } from "node:child_process";
import { Agent, createServer, request } from "node:http";
import { fileURLToPath } from "node:url";

/** The proxy's own path: requests sent to each instance so far, as JSON. */
export const COUNTS_PATH = "/__proxy/counts";

/** Starts the proxy on 127.0.0.1:`port` in front of `origins` (http://127.0.0.1:…). */
export async function startRoundRobinProxy(port, origins) {
  const upstreams = origins.map((origin) => ({ url: new URL(origin), alive: true, requests: 0 }));
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  let next = 0;
  const pick = (tried) => {
    for (let step = 0; step < upstreams.length; step++) {
      const upstream = upstreams[(next + step) % upstreams.length];
      if (upstream.alive && !tried.has(upstream)) {
        next = (next + step + 1) % upstreams.length;
        return upstream;
      }
    }
    return undefined;
  };

  const server = createServer((incoming, outgoing) => {
    if (incoming.url === COUNTS_PATH) {
      outgoing
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify(upstreams.map((upstream) => upstream.requests)));
      return;
    }
    const chunks = [];
    incoming.on("data", (chunk) => chunks.push(chunk));
    incoming.on("end", () => {
      const body = Buffer.concat(chunks);
      const tried = new Set();
      const attempt = () => {
        const upstream = pick(tried);
        if (!upstream) {
          outgoing.writeHead(502, { "content-type": "text/plain" }).end("no instance answered");
          return;
        }
        tried.add(upstream);
        upstream.requests++;
        const headers = {
          ...incoming.headers,
          host: upstream.url.host,
          "x-forwarded-for": incoming.socket.remoteAddress,
        };
        const forward = request(
          {
            host: upstream.url.hostname,
            port: upstream.url.port,
            method: incoming.method,
            path: incoming.url,
            headers,
            agent,
          },
          (answer) => {
            outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(outgoing);
          },
        );
        forward.on("error", (error) => {
          if (outgoing.headersSent) {
            outgoing.destroy(error);
            return;
          }
          // Refused: nothing listens there any more. A reset may be one closed keep-alive socket: retried only.
          if (error.code === "ECONNREFUSED") upstream.alive = false;
          attempt();
        });
        forward.end(body);
      };
      attempt();
    });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${port}`,
    /** Requests sent to each instance, in the order of `origins`. */
    counts: () => upstreams.map((upstream) => upstream.requests),
    /** Takes an instance out of the rotation at once (the bench is about to kill it). */
    remove(origin) {
      for (const upstream of upstreams) if (upstream.url.origin === new URL(origin).origin) upstream.alive = false;
    },
    stop: () =>
      new Promise((resolve) => {
        agent.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Starts the proxy in a process of its own; resolves once it listens. */
export async function spawnRoundRobinProxy(port, origins) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), String(port), ...origins], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise((resolve, reject) => {
    child.stdout.once("data", resolve);
    child.once("exit", (code) => reject(new Error(`the proxy exited with code ${code}`)));
  });
  const origin = `http://127.0.0.1:${port}`;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  return {
    origin,
    counts: () => fetch(`${origin}${COUNTS_PATH}`).then((response) => response.json()),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await exited;
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [port, ...origins] = process.argv.slice(2);
  const proxy = await startRoundRobinProxy(Number(port), origins);
  process.on("SIGTERM", () => proxy.stop().then(() => process.exit(0)));
  console.log(`listening on ${proxy.origin}`);
}
