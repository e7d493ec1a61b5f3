import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ArrivalRecorder } from './arrival-recorder';
import { findMarker } from './event-marker';

export interface LoopbackReceiver {
  /** `http://127.0.0.1:<port>` */
  readonly baseUrl: string;
  /** Starts recording a step; arrivals of unknown steps are counted as stray. */
  recorder(step: string): ArrivalRecorder;
  readonly requests: () => number;
  readonly stray: () => number;
  close(): Promise<void>;
}

/** Only the first bytes are searched for the marker: the engine's envelope puts `data` after ~250 bytes of fields. */
const MARKER_SEARCH_BYTES = 4096;

/**
 * The webhook receiver, on loopback in the bench process. Endpoint i of a
 * group receives at `/<group>/<i>`; each request is timestamped when its body
 * has fully arrived and answered 204 at once, or after `delayMs`.
 */
export async function startLoopbackReceiver(delayMs = 0): Promise<LoopbackReceiver> {
  const recorders = new Map<string, ArrivalRecorder>();
  let requests = 0;
  let stray = 0;
  const reply = (res: ServerResponse, status: number) => {
    if (delayMs > 0) setTimeout(() => res.writeHead(status).end(), delayMs);
    else res.writeHead(status).end();
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
      const head = Buffer.concat(chunks).subarray(0, MARKER_SEARCH_BYTES).toString('latin1');
      const marker = findMarker(head);
      const endpoint = Number((req.url ?? '').split('/').pop());
      const webhookId = req.headers['webhook-id'];
      const recorder = marker === undefined ? undefined : recorders.get(marker.step);
      if (marker === undefined || recorder === undefined || !Number.isInteger(endpoint) || typeof webhookId !== 'string') {
        stray += 1;
        reply(res, 204);
        return;
      }
      recorder.record(endpoint, webhookId, marker.seq, marker.dueAt, at);
      reply(res, 204);
    });
  };
  const server = createServer({ keepAliveTimeout: 60_000 }, onRequest);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    recorder: (step) => {
      let recorder = recorders.get(step);
      if (recorder === undefined) {
        recorder = new ArrivalRecorder(step);
        recorders.set(step, recorder);
      }
      return recorder;
    },
    requests: () => requests,
    stray: () => stray,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
