/**
 * What a member page hands to the components inside a lesson's MDX (`<ThisWeek />`, `<Workout />`), which are
 * called by the lesson's content with only the props the coach wrote. Keyed by the request's `locals`, so it lives
 * exactly as long as one request.
 */
import { readPageMessage } from "@academy/platform/page-messages";
import type { MemberAccess, TrainingView } from "@academy/platform/training";

export interface TrainingPageState {
  access: MemberAccess;
  view?: TrainingView;
  /** This page's path, where forms send her back to. */
  path: string;
  /** Which form on the page she used last (`?in=week|workout`), so its notice or error shows beside it. */
  formName?: string;
  /** After a log: the session she just logged (`?logged=…`). */
  logged?: string;
  /** After a mistake in a log form (`?log_error=…&log_session=…`). */
  logError?: { message: string; sessionId?: string };
  /** After a mistake in the plan set-up form (`?plan_error=…`). */
  planError?: string;
  /** The course's lessons by slug, to link the lessons a phase waits for. */
  lessonLinks?: ReadonlyMap<string, { title: string; url: string }>;
}

const states = new WeakMap<object, TrainingPageState>();

export function provideTrainingPage(locals: App.Locals, state: TrainingPageState): void {
  states.set(locals, state);
}

export function useTrainingPage(locals: App.Locals): TrainingPageState | undefined {
  return states.get(locals);
}

const SESSION_ID = /^[a-z0-9-]{1,80}$/;
const FORM_NAME = /^[a-z]{1,20}$/;

/** Reads the notices the training API sends her back with (its messages only when the API signed them). */
export function readTrainingNotices(
  url: URL,
  appSecret: string,
): Pick<TrainingPageState, "formName" | "logged" | "logError" | "planError"> {
  const params = url.searchParams;
  const formName = params.get("in") ?? "";
  const logged = params.get("logged") ?? "";
  const errorSession = params.get("log_session") ?? "";
  const logError = readPageMessage(appSecret, url, "log_error");
  const planError = readPageMessage(appSecret, url, "plan_error");
  return {
    ...(FORM_NAME.test(formName) ? { formName } : {}),
    ...(SESSION_ID.test(logged) ? { logged } : {}),
    ...(logError
      ? { logError: { message: logError, ...(SESSION_ID.test(errorSession) ? { sessionId: errorSession } : {}) } }
      : {}),
    ...(planError ? { planError } : {}),
  };
}

/** Where a form on this page sends her back to, with what the page should say then. */
export function buildReturnPath(path: string, params: Record<string, string> = {}): string {
  const query = new URLSearchParams(params).toString();
  return query === "" ? path : `${path}?${query}`;
}
