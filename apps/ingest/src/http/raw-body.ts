import type { IncomingMessage } from 'node:http';

/** Past this many bytes the client is not sending an event by mistake: stop reading and drop the connection. */
const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * Reads the request body as bytes, keeping at most `limit + 1` so an oversize
 * body is never buffered whole. The rest is read and dropped rather than left
 * unread: a server that answers 413 and closes while the client is still
 * sending makes the client see a connection reset instead of the 413.
 */
export async function readRawBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    const kept = Math.max(0, Math.min(buffer.length, limit + 1 - size));
    if (kept > 0) chunks.push(kept === buffer.length ? buffer : buffer.subarray(0, kept));
    size += buffer.length;
    if (size > DRAIN_LIMIT_BYTES) {
      request.destroy();
      break;
    }
  }
  return Buffer.concat(chunks);
}
