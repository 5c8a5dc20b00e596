/**
 * What the doors benchmarks share: who clicks when, one HTTP exchange on its own connection, percentiles.
 */
import { request } from "node:http";

/** How long one exchange may take before it counts as failed: longer than the line's two-minute cap. */
export const EXCHANGE_TIMEOUT_MS = 170_000;

/**
 * Who clicks when. Of every 40 clicks, 31 come from people who click once, 6 from 3 people who
 * double-click (0.1–0.6 s apart: both requests are in flight together) and 3 from one impatient person
 * who clicks again 3–10 s later and once more (while her first click may still wait in the queue).
 * First clicks fall uniformly at random within the spread. `person` indexes the buyers.
 */
export function schedule(clicks, spreadMs) {
  const people = [];
  let planned = 0;
  let index = 0;
  while (planned < clicks) {
    const slot = index % 40;
    const times = slot < 31 ? 1 : slot < 37 ? 2 : 3;
    const count = Math.min(times, clicks - planned);
    people.push({ person: index, clicks: count });
    planned += count;
    index++;
  }
  // Re-click gaps of 3–10 s in a 60 s spike, shorter in a shorter one, so every click stays within the spread.
  const gapMin = Math.min(3000, spreadMs * 0.05);
  const gapMax = Math.min(10_000, spreadMs * 0.16);
  const gap = () => gapMin + Math.random() * (gapMax - gapMin);
  const events = [];
  for (const { person, clicks: times } of people) {
    const reserve = times === 1 ? 0 : times === 2 ? 600 : 2 * gapMax;
    const first = Math.random() * Math.max(1, spreadMs - reserve);
    events.push({ at: first, person, nth: 1 });
    if (times >= 2) {
      const second = times === 2 ? first + 100 + Math.random() * 500 : first + gap();
      events.push({ at: second, person, nth: 2 });
    }
    if (times >= 3) events.push({ at: events.at(-1).at + gap(), person, nth: 3 });
  }
  events.sort((a, b) => a.at - b.at);
  return { people, events };
}

/** One HTTP exchange on its own connection, as separate browsers would have. */
export function exchange(origin, method, path, { body, cookie, localAddress, timeoutMs = EXCHANGE_TIMEOUT_MS } = {}) {
  return new Promise((resolve) => {
    const headers = { origin };
    if (cookie) headers.cookie = cookie;
    if (body) Object.assign(headers, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
    const req = request(`${origin}${path}`, { method, agent: false, headers, localAddress }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        text += chunk;
      });
      res.on("end", () => {
        let json;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode, json, text });
      });
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error("timed out")));
    req.on("error", (error) => resolve({ status: 0, error: error.message }));
    req.end(body);
  });
}

/** The p-th percentile of sorted numbers (NaN for none). */
export const percentile = (sorted, p) =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
