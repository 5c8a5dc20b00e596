declare module "virtual:academy-editor-settings" {
  import type { EditorStorage } from "./env.ts";
  import type { CourseEntry } from "./integration.ts";

  const settings: { storage: EditorStorage; courses: CourseEntry[] };
  export default settings;
}
