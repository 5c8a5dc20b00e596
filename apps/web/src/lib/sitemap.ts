/** One `<url>` of the sitemap. */
export interface SitemapEntry {
  path: string;
  lastModified?: Date;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A sitemaps.org `<urlset>` of absolute URLs under `site`. */
export function renderSitemap(entries: readonly SitemapEntry[], site: URL): string {
  const urls = entries.map(({ path, lastModified }) => {
    const lastmod = lastModified ? `<lastmod>${lastModified.toISOString().slice(0, 10)}</lastmod>` : "";
    return `<url><loc>${escapeXml(new URL(path, site).href)}</loc>${lastmod}</url>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join("\n")}\n</urlset>\n`;
}
