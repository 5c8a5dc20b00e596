/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** The running platform: database, services and API, created once per process. */
    platform: import("@academy/platform").Platform;
    /** Who is signed in, on pages rendered on demand (never on prerendered ones). */
    user?: import("@academy/auth").User;
    session?: import("@academy/auth").Session;
    isAdmin?: boolean;
    /** The production server's cache of pages that are the same for every signed-out visitor (not in `astro dev`). */
    publicPages?: import("../server/page-cache.ts").PublicPageCache;
    /** The matched route (`/articles/[slug]`), for the production server's request log and metrics. */
    routePattern?: string;
  }
}

declare module "virtual:academy/site" {
  /** `content/site.yaml` as the build read it (apps/web/integrations/academy-site.ts). */
  const site: import("@academy/platform/site").SiteSettings;
  export default site;
  /** The absolute content folder the build read (the brand files are copied from it). */
  export const contentDir: string;
}
