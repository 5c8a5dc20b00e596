/**
 * The sales page the coach writes (`content/pages/enroll.mdx`, with its `sales:` front matter), and the
 * membership's price as Stripe has it now, written the way her page's locale writes money.
 */

import { type CollectionEntry, getEntry } from "astro:content";
import { formatMembershipPrice } from "@academy/platform/billing";
import type { Services } from "@academy/platform/services";

export type SalesPage = CollectionEntry<"pages"> & {
  data: { sales: NonNullable<CollectionEntry<"pages">["data"]["sales"]> };
};

export async function getSalesPage(): Promise<SalesPage> {
  const page = await getEntry("pages", "enroll");
  if (!page?.data.sales) throw new Error("content/pages/enroll.mdx is missing, or has no sales: front matter");
  return page as SalesPage;
}

/**
 * "$29 a month", or undefined when Stripe cannot be reached: the page then shows no price line rather than an
 * error. Stripe is asked at most every 10 minutes per process (see createMembershipPriceReader).
 */
export async function readMembershipPrice(
  services: Pick<Services, "billing">,
  page: SalesPage,
): Promise<string | undefined> {
  const price = await services.billing.membershipPrice.read();
  return price ? formatMembershipPrice(price, page.data.sales.locale) : undefined;
}
