/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** The running platform: database, services and API, created once per process. */
    platform: import("@academy/api/platform").Platform;
    /** Who is signed in, on pages rendered on demand (never on prerendered ones). */
    user?: import("@academy/auth").User;
    session?: import("@academy/auth").Session;
    isAdmin?: boolean;
  }
}
