import { getImage } from "astro:assets";

export interface SocialImage {
  url: string;
  width: number;
  height: number;
  alt: string;
}

/**
 * The 1200×630 preview that link cards show (Open Graph, X, Slack…), cut from the article's hero image
 * at build time. A JPEG, because some link-preview crawlers still skip WebP and AVIF.
 */
export async function getSocialImage(src: ImageMetadata, alt: string, site: URL): Promise<SocialImage> {
  const image = await getImage({ src, width: 1200, height: 630, fit: "cover", format: "jpg", quality: 78 });
  return { url: new URL(image.src, site).href, width: 1200, height: 630, alt };
}
