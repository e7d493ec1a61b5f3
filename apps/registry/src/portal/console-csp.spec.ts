import { consoleCsp, parseFrameAncestors } from './console-csp';

describe('consoleCsp', () => {
  it('allows only our own origin for scripts and API calls, and the configured embedders as frame ancestors', () => {
    const csp = consoleCsp("'self' https://dashboard.example.com");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'self' https://dashboard.example.com");
  });

  it('accepts keywords, origins with ports and wildcard subdomains', () => {
    expect(parseFrameAncestors("'none'")).toEqual(["'none'"]);
    expect(parseFrameAncestors('  https://*.example.com   http://localhost:3000 ')).toEqual(['https://*.example.com', 'http://localhost:3000']);
  });

  it.each(['', 'https://a.example.com; script-src *', 'javascript:alert(1)', '*', 'https://a.example.com/path'])('refuses %p', (raw) => {
    expect(() => parseFrameAncestors(raw)).toThrow(/HOOKLINE_CONSOLE_FRAME_ANCESTORS/);
  });
});
