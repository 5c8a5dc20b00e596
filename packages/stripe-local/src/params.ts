/**
 * Typed reads of form-encoded parameters with Stripe's validation messages. Each read marks the parameter
 * as known; `finish()` then rejects the rest, because Stripe answers an unknown parameter with a 400 and an
 * app that only ever talked to a lenient stand-in would find that out in production.
 */
import { createInvalidRequestError, createMissingParamError } from "./errors.ts";
import { type FormObject, type FormValue, formatParamPath } from "./form-encoding.ts";

export type Metadata = Record<string, string>;

/** A metadata update: keys to set, keys to remove (`metadata[key]=`), or `clear` for `metadata=`. */
export interface MetadataUpdate {
  clear: boolean;
  set: [key: string, value: string][];
  remove: string[];
}

export interface ParamReader {
  /** True when the parameter was sent at all, even empty. */
  has(name: string): boolean;
  /** True for `name=` with nothing after it, which Stripe reads as "unset this". */
  isEmpty(name: string): boolean;
  /** True when the parameter was sent as a hash (`name[key]=…`). */
  isObject(name: string): boolean;
  string(name: string, options?: { maxLength?: number }): string | undefined;
  requiredString(name: string): string;
  integer(name: string, options?: { min?: number; max?: number }): number | undefined;
  boolean(name: string): boolean | undefined;
  oneOf<const T extends string>(name: string, values: readonly T[]): T | undefined;
  stringList(name: string): string[] | undefined;
  metadata(name?: string): MetadataUpdate | undefined;
  object(name: string): ParamReader | undefined;
  objectList(name: string): ParamReader[] | undefined;
  /** Reads `expand[]`, which every endpoint accepts. */
  expand(): string[];
  /** Accepts parameters this stand-in takes but ignores (they change nothing it simulates). */
  ignore(...names: string[]): void;
  /** Throws a 400 for the first parameter nothing read. */
  finish(): void;
}

const METADATA_MAX_KEYS = 50;
const METADATA_KEY_MAX_LENGTH = 40;
const METADATA_VALUE_MAX_LENGTH = 500;

export function readParams(form: FormObject, path: readonly (string | number)[] = []): ParamReader {
  const used = new Set<string>();
  const children: ParamReader[] = [];
  const nameOf = (name: string) => formatParamPath([...path, name]);

  const take = (name: string): FormValue | undefined => {
    used.add(name);
    return Object.hasOwn(form, name) ? form[name] : undefined;
  };
  const takeString = (name: string): string | undefined => {
    const value = take(name);
    if (value === undefined) return undefined;
    if (typeof value !== "string") throw createInvalidRequestError(`Invalid string: ${describe(value)}`, nameOf(name));
    return value;
  };
  const takeObject = (name: string): FormObject | undefined => {
    const value = take(name);
    if (value === undefined) return undefined;
    if (typeof value === "string" || Array.isArray(value)) {
      throw createInvalidRequestError(`Invalid object`, nameOf(name));
    }
    return value;
  };
  const takeList = (name: string): FormValue[] | undefined => {
    const value = take(name);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw createInvalidRequestError(`Invalid array`, nameOf(name));
    return value;
  };

  const reader: ParamReader = {
    has: (name) => Object.hasOwn(form, name),
    isEmpty: (name) => form[name] === "",
    isObject(name) {
      const value = form[name];
      return typeof value === "object" && !Array.isArray(value);
    },
    string(name, options) {
      const value = takeString(name);
      if (value === undefined || value === "") return undefined;
      if (options?.maxLength !== undefined && value.length > options.maxLength) {
        throw createInvalidRequestError(
          `Invalid ${nameOf(name)}: must be at most ${options.maxLength} characters`,
          nameOf(name),
        );
      }
      return value;
    },
    requiredString(name) {
      const value = reader.string(name);
      if (value === undefined) throw createMissingParamError(nameOf(name));
      return value;
    },
    integer(name, options) {
      const value = takeString(name);
      if (value === undefined || value === "") return undefined;
      if (!/^-?\d+$/.test(value)) throw createInvalidRequestError(`Invalid integer: ${value}`, nameOf(name));
      const number = Number(value);
      if (options?.min !== undefined && number < options.min) {
        throw createInvalidRequestError(
          `Invalid ${nameOf(name)}: must be greater than or equal to ${options.min}`,
          nameOf(name),
        );
      }
      if (options?.max !== undefined && number > options.max) {
        throw createInvalidRequestError(
          `Invalid ${nameOf(name)}: must be less than or equal to ${options.max}`,
          nameOf(name),
        );
      }
      return number;
    },
    boolean(name) {
      const value = takeString(name);
      if (value === undefined || value === "") return undefined;
      if (value !== "true" && value !== "false") {
        throw createInvalidRequestError(`Invalid boolean: ${value}`, nameOf(name));
      }
      return value === "true";
    },
    oneOf(name, values) {
      const value = reader.string(name);
      if (value === undefined) return undefined;
      const match = values.find((candidate) => candidate === value);
      if (match === undefined) {
        throw createInvalidRequestError(`Invalid ${nameOf(name)}: must be one of ${values.join(", ")}`, nameOf(name));
      }
      return match;
    },
    stringList(name) {
      const list = takeList(name);
      if (list === undefined) return undefined;
      return list.map((item, index) => {
        if (typeof item !== "string") {
          throw createInvalidRequestError(`Invalid string: ${describe(item)}`, formatParamPath([...path, name, index]));
        }
        return item;
      });
    },
    metadata(name = "metadata") {
      const value = take(name);
      if (value === undefined) return undefined;
      if (value === "") return { clear: true, set: [], remove: [] };
      if (typeof value === "string" || Array.isArray(value)) {
        throw createInvalidRequestError(`Invalid object`, nameOf(name));
      }
      return readMetadataUpdate(value, nameOf(name));
    },
    object(name) {
      const value = takeObject(name);
      if (value === undefined) return undefined;
      const child = readParams(value, [...path, name]);
      children.push(child);
      return child;
    },
    objectList(name) {
      const list = takeList(name);
      if (list === undefined) return undefined;
      return list.map((item, index) => {
        if (typeof item === "string" || Array.isArray(item)) {
          throw createInvalidRequestError(`Invalid object`, formatParamPath([...path, name, index]));
        }
        const child = readParams(item, [...path, name, index]);
        children.push(child);
        return child;
      });
    },
    expand() {
      return reader.stringList("expand") ?? [];
    },
    ignore(...names) {
      for (const name of names) used.add(name);
    },
    finish() {
      for (const key of Object.keys(form)) {
        if (!used.has(key)) {
          throw createInvalidRequestError(
            `Received unknown parameter: ${nameOf(key)}. stripe-local implements the part of the Stripe API a ` +
              "membership site uses; see packages/stripe-local/README.md.",
            nameOf(key),
            "parameter_unknown",
          );
        }
      }
      for (const child of children) child.finish();
    },
  };
  return reader;
}

/** Applies a metadata update the way Stripe does: merge, `""` removes a key, `metadata=` clears all. */
export function applyMetadataUpdate(current: Metadata, update: MetadataUpdate | undefined): Metadata {
  if (update === undefined) return current;
  // Built from entries, so a key such as `__proto__` stays an ordinary key.
  const next = new Map(update.clear ? [] : Object.entries(current));
  for (const key of update.remove) next.delete(key);
  for (const [key, value] of update.set) next.set(key, value);
  return Object.fromEntries(next);
}

function readMetadataUpdate(value: FormObject, param: string): MetadataUpdate {
  const update: MetadataUpdate = { clear: false, set: [], remove: [] };
  const keys = Object.keys(value);
  if (keys.length > METADATA_MAX_KEYS) {
    throw createInvalidRequestError(`Invalid ${param}: at most ${METADATA_MAX_KEYS} keys are allowed.`, param);
  }
  for (const key of keys) {
    const entry = value[key];
    const keyParam = `${param}[${key}]`;
    if (typeof entry !== "string") throw createInvalidRequestError(`Invalid string: ${describe(entry)}`, keyParam);
    if (key.length > METADATA_KEY_MAX_LENGTH) {
      throw createInvalidRequestError(
        `Metadata keys must be at most ${METADATA_KEY_MAX_LENGTH} characters (got '${key}').`,
        keyParam,
      );
    }
    if (entry.length > METADATA_VALUE_MAX_LENGTH) {
      throw createInvalidRequestError(
        `Metadata values must be at most ${METADATA_VALUE_MAX_LENGTH} characters.`,
        keyParam,
      );
    }
    if (entry === "") update.remove.push(key);
    else update.set.push([key, entry]);
  }
  return update;
}

function describe(value: FormValue | undefined): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}
