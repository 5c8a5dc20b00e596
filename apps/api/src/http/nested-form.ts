/**
 * Turns flat form fields named with dots (`exercises.0.sets.1.reps`) into nested objects and arrays,
 * with numbers where a field holds one, so a plain HTML form can post what a JSON client posts.
 * Fields listed in `textFields` stay strings.
 */
export function nestFormFields(
  fields: Record<string, string | File | (string | File)[]>,
  textFields: ReadonlySet<string>,
): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(fields)) {
    const value = Array.isArray(raw) ? raw.at(-1) : raw;
    if (typeof value !== "string") continue;
    const path = name.split(".");
    const leaf = path.at(-1) ?? name;
    let node: Record<string, unknown> = root;
    for (const key of path.slice(0, -1)) {
      node[key] ??= {};
      node = node[key] as Record<string, unknown>;
    }
    const trimmed = value.trim();
    if (Array.isArray(raw) && !textFields.has(leaf)) {
      node[leaf] = raw.filter((item): item is string => typeof item === "string");
    } else {
      node[leaf] = !textFields.has(leaf) && /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
    }
  }
  return toArrays(root) as Record<string, unknown>;
}

/** Objects whose keys are 0…n-1 become arrays, all the way down. */
function toArrays(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const entries = Object.entries(value).map(([key, child]) => [key, toArrays(child)] as const);
  const keys = entries.map(([key]) => key);
  const isList = keys.length > 0 && keys.every((key, index) => /^\d+$/.test(key) && Number(key) === index);
  if (isList) return entries.map(([, child]) => child);
  const sorted = keys.every((key) => /^\d+$/.test(key));
  if (sorted && keys.length > 0) {
    return entries.sort(([a], [b]) => Number(a) - Number(b)).map(([, child]) => child);
  }
  return Object.fromEntries(entries);
}
