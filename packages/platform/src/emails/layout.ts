import { escapeHtml } from "@academy/mail";

/**
 * The first line of every email: her first name when we know it, else a plain "Hello," (never a bare "Hi,",
 * which reads like a name went missing).
 */
export function greetingFor(firstName: string | null | undefined): string {
  const name = firstName?.trim();
  return name ? `Hi ${name},` : "Hello,";
}

/** Wraps an email's HTML paragraphs in a simple, readable, client-safe frame. */
export function renderEmailHtml(title: string, bodyHtml: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="margin:0;padding:24px;background:#fbf8f3;color:#1f2a2c;font:16px/1.6 system-ui,-apple-system,Segoe UI,Roboto,Arial,sans-serif">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:12px;padding:28px;border:1px solid #e3dccf">
<p style="margin:0 0 16px;font:700 18px Georgia,serif;color:#0f5e5c">Strong Stride Academy</p>
${bodyHtml}
</div></body></html>`;
}
