/**
 * The Content-Security-Policy of /console/. The console is static files of
 * our own origin: no CDN, no inline script, no eval; the API is same-origin.
 * `frame-ancestors` is the one knob: which sites may embed the console in an
 * iframe (HOOKLINE_CONSOLE_FRAME_ANCESTORS, default `'self'`).
 */
export function consoleCsp(frameAncestors: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Styles only, never scripts: Radix's dialog scroll lock injects a small <style> element while a dialog is open.
    // Inline CSS cannot run code; script-src stays 'self' with no inline or eval.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${parseFrameAncestors(frameAncestors).join(' ')}`,
  ].join('; ');
}

const KEYWORDS = new Set(["'self'", "'none'"]);

/** Sources are keywords or http(s) origins (wildcard subdomains allowed); anything else would let a value break out of the header. */
export function parseFrameAncestors(raw: string): string[] {
  const sources = raw.split(/\s+/).filter((s) => s !== '');
  if (sources.length === 0) throw new Error('HOOKLINE_CONSOLE_FRAME_ANCESTORS must list at least one source');
  for (const source of sources) {
    if (!KEYWORDS.has(source) && !/^https?:\/\/(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?$/.test(source)) {
      throw new Error(`HOOKLINE_CONSOLE_FRAME_ANCESTORS: "${source}" is not 'self', 'none' or an http(s) origin`);
    }
  }
  return sources;
}
