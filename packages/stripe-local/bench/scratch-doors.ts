import { mkdtempSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import Stripe from "stripe";
import { startStripeLocal } from "../src/start.ts";

const pace = Number(process.argv[2] ?? 50);
const result: Record<string, number[]> = { memory: [], disk: [] };
for (const disk of [false, true, false, true, false, true]) {
  const local = await startStripeLocal({ webhookSecret: "whsec_x", statePath: disk ? mkdtempSync("/tmp/sl-exp-") : null });
  const stripe = new Stripe(local.secretKey, { ...local.stripeClientOptions, maxNetworkRetries: 0 });
  for (let i = 0; i < 60; i++) {
    const t = performance.now();
    await stripe.customers.create({ email: `d${i}@x.com` });
    result[disk ? "disk" : "memory"]?.push(performance.now() - t);
    await sleep(pace);
  }
  await local.stop();
}
for (const [k, x] of Object.entries(result)) {
  x.sort((p, q) => p - q);
  console.log(k.padEnd(7), "p25", x[Math.floor(x.length / 4)]?.toFixed(2), "p50", x[Math.floor(x.length / 2)]?.toFixed(2), "p90", x[Math.floor(x.length * 0.9)]?.toFixed(2));
}
