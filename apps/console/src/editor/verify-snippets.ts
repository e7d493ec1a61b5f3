/**
 * "Verify signatures" snippets for one endpoint, matching the headers it
 * actually receives: Standard Webhooks (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature`, always) and, when enabled, the hex HMAC header.
 */
export interface VerifySnippet {
  readonly language: 'Node.js' | 'Python';
  readonly code: string;
}

export function verifySnippets(legacySignatureHeader: string | null): VerifySnippet[] {
  const legacy = legacySignatureHeader?.toLowerCase() ?? null;
  const node = [
    "const crypto = require('node:crypto');",
    '',
    '// Standard Webhooks: webhook-signature = "v1,<base64 HMAC-SHA256 of id.timestamp.body>" (space-separated during a secret rotation).',
    'function verify(rawBody, headers, secret) {',
    "  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');",
    "  const signed = `${headers['webhook-id']}.${headers['webhook-timestamp']}.${rawBody}`;",
    "  const expected = crypto.createHmac('sha256', key).update(signed).digest('base64');",
    "  if (Math.abs(Date.now() / 1000 - Number(headers['webhook-timestamp'])) > 300) return false;",
    "  return headers['webhook-signature'].split(' ').some((s) => {",
    "    const [version, signature] = s.split(',');",
    "    return version === 'v1' && signature.length === expected.length &&",
    '      crypto.timingSafeEqual(Buffer.from(signature), Buffer.from(expected));',
    '  });',
    '}',
    ...(legacy === null
      ? []
      : [
          '',
          `// Or the simpler ${legacy}: hex HMAC-SHA256 of the raw body, keyed by the whole whsec_… string.`,
          'function verifySimple(rawBody, headers, secret) {',
          "  const expected = crypto.createHmac('sha256', secret).update(rawBody).digest('hex');",
          `  const given = headers['${legacy}'] ?? '';`,
          '  return given.length === expected.length && crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected));',
          '}',
        ]),
  ].join('\n');
  const python = [
    'import base64, hashlib, hmac, time',
    '',
    'def verify(raw_body: bytes, headers, secret: str) -> bool:',
    '    key = base64.b64decode(secret.removeprefix("whsec_"))',
    "    signed = f\"{headers['webhook-id']}.{headers['webhook-timestamp']}.\".encode() + raw_body",
    '    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()',
    '    if abs(time.time() - int(headers["webhook-timestamp"])) > 300:',
    '        return False',
    '    return any(',
    '        version == "v1" and hmac.compare_digest(signature, expected)',
    '        for version, _, signature in (s.partition(",") for s in headers["webhook-signature"].split(" "))',
    '    )',
    ...(legacy === null
      ? []
      : [
          '',
          `# Or the simpler ${legacy}: hex HMAC-SHA256 of the raw body, keyed by the whole whsec_… string.`,
          'def verify_simple(raw_body: bytes, headers, secret: str) -> bool:',
          '    expected = hmac.new(secret.encode(), raw_body, hashlib.sha256).hexdigest()',
          `    return hmac.compare_digest(headers.get("${legacy}", ""), expected)`,
        ]),
  ].join('\n');
  return [
    { language: 'Node.js', code: node },
    { language: 'Python', code: python },
  ];
}
