/**
 * Stripe's request encoding: `application/x-www-form-urlencoded` with bracket notation for nesting, as the
 * official SDKs send it (`metadata[userId]=42`, `line_items[0][price]=price_1`, `expand[]=subscription`).
 * Query strings of GET and DELETE requests use the same encoding.
 */
import { createInvalidRequestError } from "./errors.ts";

export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

/**
 * Parses a form body or query string into nested objects and arrays. Objects whose keys are all indexes
 * (`items[0]`, `items[1]`) and `[]` appends become arrays, in index order. A key used both as a value and
 * as a container (`a=1&a[b]=2`) is a 400, as it is on Stripe.
 */
export function parseForm(encoded: string): FormObject {
  // Null-prototype containers: a key such as `__proto__` stays a plain key instead of reaching Object.prototype.
  const root: Record<string, unknown> = Object.create(null);
  for (const pair of encoded.split("&")) {
    if (pair === "") continue;
    const separator = pair.indexOf("=");
    const rawKey = separator === -1 ? pair : pair.slice(0, separator);
    const rawValue = separator === -1 ? "" : pair.slice(separator + 1);
    const key = decodeComponent(rawKey);
    assignPath(root, splitKey(key), decodeComponent(rawValue), key);
  }
  return normalizeContainer(root) as FormObject;
}

/** The bracket path of a nested parameter, as Stripe names it in errors: `line_items[0][price]`. */
export function formatParamPath(segments: readonly (string | number)[]): string {
  const [head, ...rest] = segments;
  return `${head ?? ""}${rest.map((segment) => `[${segment}]`).join("")}`;
}

function decodeComponent(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll("+", " "));
  } catch {
    throw createInvalidRequestError(`Invalid percent-encoding in the request: '${text}'.`);
  }
}

function splitKey(key: string): string[] {
  const open = key.indexOf("[");
  if (open <= 0) return [key];
  const segments = [key.slice(0, open)];
  const pattern = /\[([^\]]*)\]/gy;
  pattern.lastIndex = open;
  let match = pattern.exec(key);
  let end = open;
  while (match !== null) {
    segments.push(match[1] ?? "");
    end = pattern.lastIndex;
    match = pattern.exec(key);
  }
  // Trailing text after the last bracket (`a[b]c`) is kept as part of the last segment, as Rack does.
  if (end < key.length) segments[segments.length - 1] += key.slice(end);
  return segments;
}

function assignPath(container: Record<string, unknown>, segments: string[], value: string, fullKey: string): void {
  let current = container;
  for (let index = 0; index < segments.length; index++) {
    let segment = segments[index] ?? "";
    // `[]` appends: give it the next free index so it sorts after the ones already set.
    if (segment === "" && index > 0) segment = String(countIndexKeys(current));
    const isLast = index === segments.length - 1;
    const existing = current[segment];
    if (isLast) {
      if (isContainer(existing)) throw createConflictError(fullKey);
      current[segment] = value;
      return;
    }
    if (existing === undefined) {
      const child: Record<string, unknown> = Object.create(null);
      current[segment] = child;
      current = child;
    } else if (isContainer(existing)) {
      current = existing;
    } else {
      throw createConflictError(fullKey);
    }
  }
}

function countIndexKeys(container: Record<string, unknown>): number {
  return Object.keys(container).filter((key) => /^\d+$/.test(key)).length;
}

function isContainer(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function createConflictError(key: string) {
  return createInvalidRequestError(`Invalid parameter: '${key}' is given both as a value and as a hash.`, key);
}

function normalizeContainer(container: Record<string, unknown>): FormValue {
  const keys = Object.keys(container);
  const normalized: Record<string, FormValue> = Object.create(null);
  for (const key of keys) {
    const value = container[key];
    normalized[key] = isContainer(value) ? normalizeContainer(value) : String(value);
  }
  if (keys.length > 0 && keys.every((key) => /^\d+$/.test(key))) {
    return keys
      .map(Number)
      .sort((a, b) => a - b)
      .map((index) => normalized[String(index)] as FormValue);
  }
  return normalized as FormObject;
}
