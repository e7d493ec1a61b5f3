import { createServer } from 'node:http';
import { Webhook } from 'standardwebhooks';

/**
 * `npm run receiver [-- --port 9000] [-- --secret whsec_…]`: a local webhook
 * receiver for trying Hookline out. It prints every delivery and, given the
 * endpoint's secret, whether the Standard Webhooks signature verifies.
 */
const args = process.argv.slice(2);
const option = (name: string) => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};
const port = Number(option('port') ?? 9000);
const secret = option('secret') ?? process.env.WEBHOOK_SECRET;

createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    let verdict = 'signature not checked (pass --secret whsec_… to check it)';
    if (secret !== undefined) {
      try {
        new Webhook(secret).verify(body, request.headers as Record<string, string>);
        verdict = 'signature verified';
      } catch (error) {
        verdict = `signature INVALID: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
    process.stdout.write(
      `\n${new Date().toISOString()} ${request.method} ${request.url}  webhook-id=${String(request.headers['webhook-id'])}\n` + `  ${verdict}\n  ${body}\n`,
    );
    response.writeHead(204).end();
  });
}).listen(port, '127.0.0.1', () => process.stdout.write(`receiver listening on http://127.0.0.1:${port}/webhooks\n`));
