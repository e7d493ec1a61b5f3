import { request, type Dispatcher } from 'undici';
import { withDeadline } from './deadline';

export type SendFailure = 'timeout' | 'connection_refused' | 'dns' | 'tls' | 'blocked_address' | 'network';

export interface SendResult {
  readonly statusCode: number | null;
  readonly responseBodyPrefix: string | null;
  readonly durationMs: number;
  /** The response's `Retry-After`, as sent. */
  readonly retryAfter: string | null;
  /** Machine-readable failure class, null on a completed exchange (any status). */
  readonly failure: SendFailure | null;
  readonly error: string | null;
}

/**
 * One POST, never following redirects, bounded by the endpoint's timeout, with
 * at most `bodyLimit` bytes of the response kept. Transport errors become a
 * result with a reason instead of an exception, so every attempt is recorded.
 */
export async function sendWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  bodyLimit: number,
  dispatcher: Dispatcher,
): Promise<SendResult> {
  const started = performance.now();
  try {
    return await withDeadline(timeoutMs, async (signal) => {
      const response = await request(url, { method: 'POST', headers, body, dispatcher, signal, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
      const responseBodyPrefix = await readPrefix(response.body, bodyLimit);
      const retryAfter = response.headers['retry-after'];
      return {
        statusCode: response.statusCode,
        responseBodyPrefix,
        durationMs: performance.now() - started,
        retryAfter: typeof retryAfter === 'string' ? retryAfter : null,
        failure: null,
        error: null,
      };
    });
  } catch (error) {
    return { statusCode: null, responseBodyPrefix: null, durationMs: performance.now() - started, retryAfter: null, ...classify(error) };
  }
}

async function readPrefix(body: AsyncIterable<Buffer> & { destroy(): void }, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= limit) {
      body.destroy(); // the rest is never read; do not wait for a huge body
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

function classify(error: unknown): Pick<SendResult, 'failure' | 'error'> {
  const err = error as { name?: string; code?: string; message?: string; cause?: { code?: string } };
  const code = err.code ?? err.cause?.code ?? '';
  const message = err.message ?? String(error);
  if (code === 'HOOKLINE_BLOCKED_ADDRESS') return { failure: 'blocked_address', error: message };
  if (err.name === 'TimeoutError' || err.name === 'AbortError' || (code.startsWith('UND_ERR_') && code.includes('TIMEOUT'))) {
    return { failure: 'timeout', error: 'no response within the endpoint timeout' };
  }
  if (code === 'ECONNREFUSED') return { failure: 'connection_refused', error: message };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { failure: 'dns', error: message };
  if (code.startsWith('ERR_TLS') || code.includes('CERT') || code === 'EPROTO') return { failure: 'tls', error: message };
  return { failure: 'network', error: `${code} ${message}`.trim() };
}
