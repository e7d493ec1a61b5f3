import { spawnSync } from 'node:child_process';
import { legacyHexSignature, standardWebhookSignature } from '../../../../libs/domain/src/signing';
import { verifySnippets } from './verify-snippets';

// What the dispatcher sends (DESIGN.md "The delivery request"), signed by the engine's own code.
const secret = 'whsec_' + Buffer.from('0123456789abcdef0123456789abcdef').toString('base64');
const oldSecret = 'whsec_' + Buffer.from('fedcba9876543210fedcba9876543210').toString('base64');
const body = '{"id":"msg_1","type":"message.delivered","data":{"object":{"ok":true}}}';
const timestamp = Math.floor(Date.now() / 1000);
const headers = {
  'webhook-id': 'msg_1',
  'webhook-timestamp': String(timestamp),
  // During a rotation grace period: one signature per valid secret.
  'webhook-signature': standardWebhookSignature('msg_1', timestamp, body, [oldSecret, secret]),
  'x-hook-signature': legacyHexSignature(body, secret),
};

type Verify = (rawBody: string, headers: Record<string, string>, secret: string) => boolean;

function nodeFunctions(code: string): { verify: Verify; verifySimple?: Verify } {
  return new Function('require', `${code}\nreturn { verify, verifySimple: typeof verifySimple === 'function' ? verifySimple : undefined };`)(require);
}

describe('verify-signature snippets', () => {
  it('Node.js: accepts what the engine signs, through a rotation, and rejects tampering', () => {
    const node = verifySnippets('X-Hook-Signature').find((s) => s.language === 'Node.js');
    const { verify, verifySimple } = nodeFunctions(node?.code ?? '');
    expect(verify(body, headers, secret)).toBe(true);
    expect(verify(body, headers, oldSecret)).toBe(true);
    expect(verify(body.replace('true', 'false'), headers, secret)).toBe(false);
    expect(verify(body, { ...headers, 'webhook-timestamp': String(timestamp - 3600) }, secret)).toBe(false);
    expect(verifySimple?.(body, headers, secret)).toBe(true);
    expect(verifySimple?.(body + ' ', headers, secret)).toBe(false);
  });

  it('leaves out the simple header when the endpoint turned it off', () => {
    for (const snippet of verifySnippets(null)) expect(snippet.code).not.toMatch(/verify_?[sS]imple/);
    expect(nodeFunctions(verifySnippets(null)[0]?.code ?? '').verifySimple).toBeUndefined();
  });

  const python = spawnSync('python3', ['--version']).status === 0 ? it : it.skip;
  python('Python: accepts what the engine signs and rejects tampering', () => {
    const code = verifySnippets('X-Hook-Signature').find((s) => s.language === 'Python')?.code ?? '';
    const run = (rawBody: string) =>
      spawnSync(
        'python3',
        [
          '-c',
          `${code}\nimport json, sys\nh = json.loads(sys.argv[1])\nprint(verify(sys.argv[2].encode(), h, sys.argv[3]), verify_simple(sys.argv[2].encode(), h, sys.argv[3]))`,
          JSON.stringify(headers),
          rawBody,
          secret,
        ],
        {
          encoding: 'utf8',
        },
      );
    expect(run(body).stdout.trim()).toBe('True True');
    expect(run(body.replace('true', 'false')).stdout.trim()).toBe('False False');
  });
});
