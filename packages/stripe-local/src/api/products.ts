import { Hono } from "hono";
import type { Engine } from "../engine.ts";
import { diffPreviousAttributes } from "../events.ts";
import * as http from "../http.ts";
import { createId } from "../ids.ts";
import type { Product } from "../objects.ts";
import { applyMetadataUpdate } from "../params.ts";
import { listNewestFirst } from "../store.ts";

export interface NewProductParams {
  name: string;
  description?: string | null;
  metadata?: Record<string, string>;
  active?: boolean;
}

export function createProduct(engine: Engine, params: NewProductParams): Product {
  const at = engine.clock.nowSeconds();
  const product: Product = {
    id: createId("prod"),
    object: "product",
    active: params.active ?? true,
    created: at,
    updated: at,
    default_price: null,
    description: params.description ?? null,
    images: [],
    livemode: false,
    metadata: params.metadata ?? {},
    name: params.name,
    type: "service",
    url: null,
  };
  engine.store.products.set(product.id, product);
  engine.emit("product.created", product);
  return product;
}

export function createProductRoutes(engine: Engine) {
  return new Hono<http.ApiEnv>()
    .post("/", (c) => {
      const params = http.readRequestParams(c);
      const name = params.requiredString("name");
      const description = params.string("description") ?? null;
      const active = params.boolean("active");
      const metadata = applyMetadataUpdate({}, params.metadata());
      params.ignore("images", "statement_descriptor", "tax_code", "unit_label", "url", "marketing_features");
      const expand = params.expand();
      params.finish();
      const product = createProduct(engine, {
        name,
        description,
        metadata,
        ...(active === undefined ? {} : { active }),
      });
      return http.respondWithObject(c, engine, product, expand);
    })
    .get("/", (c) => {
      const params = http.readRequestParams(c);
      const active = params.boolean("active");
      const products = listNewestFirst(engine.store.products).filter(
        (product) => active === undefined || product.active === active,
      );
      return http.respondWithPage(c, engine, params, products, "/v1/products");
    })
    .get("/:id", http.retrieveFrom(engine, engine.store.products, "product"))
    .post("/:id", (c) => {
      const product = http.findOrThrow(engine.store.products, c.req.param("id"), "product");
      const params = http.readRequestParams(c);
      const name = params.string("name");
      const description = params.has("description") ? (params.string("description") ?? null) : product.description;
      const active = params.boolean("active");
      const metadata = params.metadata();
      const expand = params.expand();
      params.finish();
      const before = structuredClone(product);
      product.name = name ?? product.name;
      product.description = description;
      product.active = active ?? product.active;
      product.metadata = applyMetadataUpdate(product.metadata, metadata);
      product.updated = engine.clock.nowSeconds();
      engine.emit("product.updated", product, { previous: diffPreviousAttributes(before, product) });
      return http.respondWithObject(c, engine, product, expand);
    });
}
