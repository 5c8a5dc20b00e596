import type { Context } from "hono";
import type { z } from "zod";
import { isFormPost } from "./answer.ts";
import { ApiError } from "./errors.ts";
import { nestFormFields } from "./nested-form.ts";

export class ValidationError extends ApiError {
  constructor(message: string, fields: Record<string, string>) {
    super(422, "invalid_input", message, {}, fields);
  }
}

/**
 * Reads a JSON or form body and validates it against `schema`. Bad input becomes a 4xx whose message
 * names the field and says what is expected; it never reaches the handler.
 */
export async function readBody<Schema extends z.ZodType>(
  c: Context,
  schema: Schema,
  options: { nestedForm?: ReadonlySet<string> } = {},
): Promise<z.infer<Schema>> {
  const type = c.req.header("content-type") ?? "";
  let raw: unknown;
  if (type.startsWith("application/json")) {
    try {
      raw = await c.req.json();
    } catch {
      throw new ApiError(400, "malformed_body", "The request body is not valid JSON.");
    }
  } else if (isFormPost(c)) {
    try {
      raw = options.nestedForm
        ? nestFormFields(await c.req.parseBody({ all: true }), options.nestedForm)
        : await c.req.parseBody();
    } catch {
      throw new ApiError(400, "malformed_body", "The form data could not be read.");
    }
  } else {
    throw new ApiError(415, "unsupported_media_type", "Send the body as application/json or as a form.");
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const name = issue.path.join(".") || "body";
    fields[name] ??= issue.message;
  }
  throw new ValidationError(Object.values(fields)[0] ?? "The request is invalid.", fields);
}
