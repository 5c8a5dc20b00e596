/**
 * What API route handlers share: the Hono environment (parsed parameters, request id) and lookups that
 * answer a missing object with Stripe's 404.
 */
import type { Context } from "hono";
import type { Engine } from "./engine.ts";
import { createResourceMissingError } from "./errors.ts";
import { expandObject } from "./expand.ts";
import type { FormObject } from "./form-encoding.ts";
import { type ParamReader, readParams } from "./params.ts";
import { paginate } from "./store.ts";

export interface ApiEnv {
  Variables: {
    /** Query string and form body, merged and decoded. */
    form: FormObject;
    requestId: string;
  };
}

export type ApiContext = Context<ApiEnv>;

export function readRequestParams(c: ApiContext): ParamReader {
  return readParams(c.get("form"));
}

/** Answers with the object, with the ids named in `expand[]` replaced by their objects. */
export function respondWithObject<T extends object>(c: ApiContext, engine: Engine, object: T, expand: string[]) {
  return c.json(expandObject(engine, object, expand));
}

export function findOrThrow<T>(collection: Map<string, T>, id: string, noun: string, param = "id"): T {
  const found = collection.get(id);
  if (found === undefined) throw createResourceMissingError(noun, id, param);
  return found;
}

/** Answers one page of `items` (the request's limit, starting_after, ending_before), listed at `url`. */
export function respondWithPage<T extends { id: string }>(
  c: ApiContext,
  engine: Engine,
  params: ParamReader,
  items: T[],
  url: string,
) {
  const expand = params.expand();
  const page = paginate(items, params, url);
  params.finish();
  return respondWithObject(c, engine, page, expand);
}

/** `GET /v1/<things>/:id`: the object, expanded as asked, or Stripe's 404 naming `noun`. */
export function retrieveFrom<T extends object>(engine: Engine, collection: Map<string, T>, noun: string) {
  return (c: ApiContext) => {
    const params = readRequestParams(c);
    const expand = params.expand();
    params.finish();
    return respondWithObject(c, engine, findOrThrow(collection, c.req.param("id") ?? "", noun), expand);
  };
}
