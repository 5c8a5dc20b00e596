import type { SiteSettings } from "../site/index.ts";

/**
 * The From of every email when MAIL_FROM is unset: site.yaml's sender, the name quoted so a comma or a dot in
 * it ("Run Well, Ltd.") cannot split the header into two addresses.
 */
export function senderOf(site: Pick<SiteSettings, "sender">): string {
  const name = site.sender.name.replace(/[\r\n]+/g, " ").replace(/["\\]/g, "\\$&");
  return `"${name}" <${site.sender.address}>`;
}
