/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    /** The running platform: database, services and API, created once per process. */
    platform: import("@academy/api/platform").Platform;
  }
}
