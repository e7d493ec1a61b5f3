import type { IncomingMessage } from 'node:http';

/** Reads the request body as bytes, stopping at `limit + 1` so an oversize body is never buffered whole. */
export async function readRawBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) {
      chunks.push(buffer.subarray(0, limit + 1 - (size - buffer.length)));
      request.resume(); // drain the rest without keeping it
      break;
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}
