import { hasUnreadableText, unreadableTextMessage } from "@academy/platform/text";
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
  const unreadable = findUnreadableText(raw);
  if (unreadable !== undefined) {
    const message = unreadableTextMessage(unreadable);
    throw new ValidationError(message, { [unreadable || "body"]: message });
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

/** The path of the first string (key or value) in `value` that holds unreadable text, or undefined. */
function findUnreadableText(value: unknown, path = ""): string | undefined {
  if (typeof value === "string") return hasUnreadableText(value) ? path : undefined;
  if (typeof value !== "object" || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const itemPath = path ? `${path}.${key}` : key;
    if (hasUnreadableText(key)) return itemPath;
    const found = findUnreadableText(item, itemPath);
    if (found !== undefined) return found;
  }
  return undefined;
}
