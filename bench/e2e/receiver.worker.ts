import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ArrivalRecorder } from './arrival-recorder';
import { serveBenchWorker } from './bench-worker';
import { findMarker } from './event-marker';
import type { ReceiverProtocol } from './loopback-receiver';

/** Only the first bytes are searched for the marker: the engine's envelope puts `data` after ~250 bytes of fields. */
const MARKER_SEARCH_BYTES = 4096;

/**
 * The webhook receiver, as its own process (spawned by loopback-receiver.ts).
 * Endpoint i of a group receives at `/<group>/<i>`; each request is
 * timestamped when its body has fully arrived and answered 204 at once, or
 * after `?delay_ms=` of its URL (the slow-receiver scenario), or after
 * RECEIVER_DELAY_MS (`--receiver-delay-ms`).
 */
function main(): void {
  const defaultDelayMs = Number(process.env.RECEIVER_DELAY_MS ?? '0');
  const recorders = new Map<string, ArrivalRecorder>();
  let requests = 0;
  let stray = 0;
  const reply = (res: ServerResponse, delayMs: number) => {
    if (delayMs > 0) setTimeout(() => res.writeHead(204).end(), delayMs);
    else res.writeHead(204).end();
  };
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let length = 0;
    req.on('data', (chunk: Buffer) => {
      if (length < MARKER_SEARCH_BYTES) chunks.push(chunk);
      length += chunk.length;
    });
    req.on('end', () => {
      const at = Date.now();
      requests += 1;
      const url = new URL(req.url ?? '/', 'http://receiver');
      const delayMs = url.searchParams.has('delay_ms') ? Number(url.searchParams.get('delay_ms')) : defaultDelayMs;
      const head = Buffer.concat(chunks).subarray(0, MARKER_SEARCH_BYTES).toString('latin1');
      const marker = findMarker(head);
      const endpoint = Number(url.pathname.split('/').pop());
      const webhookId = req.headers['webhook-id'];
      const recorder = marker === undefined ? undefined : recorders.get(marker.step);
      if (marker === undefined || recorder === undefined || !Number.isInteger(endpoint) || typeof webhookId !== 'string') {
        stray += 1;
        reply(res, delayMs);
        return;
      }
      recorder.record(endpoint, webhookId, marker.seq, marker.dueAt, at);
      reply(res, delayMs);
    });
  };
  const recorderOf = (step: string): ArrivalRecorder => {
    let recorder = recorders.get(step);
    if (recorder === undefined) {
      recorder = new ArrivalRecorder(step);
      recorders.set(step, recorder);
    }
    return recorder;
  };
  const server = createServer({ keepAliveTimeout: 60_000 }, onRequest);
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    serveBenchWorker<ReceiverProtocol>(
      {
        record: ({ step }) => {
          recorderOf(step);
          return null;
        },
        delivered: ({ step }) => recorderOf(step).delivered.size,
        snapshot: ({ step }) => recorderOf(step).snapshot(),
        stats: () => ({ requests, stray }),
      },
      { port },
      () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    );
  });
}

main();
