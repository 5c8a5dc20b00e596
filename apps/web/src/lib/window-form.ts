import { readPageMessage } from "@academy/platform/page-messages";

/** What she typed in the window form and what to fix, field by field, after a save that failed. */
export interface TypedWindowForm {
  values: Record<string, string>;
  errors: Record<string, string>;
}

/**
 * The window form a failed save sent back (`?window_form=`, signed by the API), so the page shows her own
 * values in her own time zone with each message by its field. Undefined when absent or not signed by us.
 */
export function readTypedWindowForm(appSecret: string, url: URL): TypedWindowForm | undefined {
  const signed = readPageMessage(appSecret, url, "window_form", 4000);
  if (!signed) return undefined;
  try {
    const parsed: unknown = JSON.parse(signed);
    if (typeof parsed !== "object" || parsed === null) return undefined;
    const { values, errors } = parsed as Record<string, unknown>;
    return { values: textsOf(values), errors: textsOf(errors) };
  } catch {
    return undefined;
  }
}

function textsOf(value: unknown): Record<string, string> {
  if (typeof value !== "object" || value === null) return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
}
