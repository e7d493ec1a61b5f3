import { createServer, type Server } from 'node:net';

/**
 * Ports the kernel considers free right now, all distinct: every listener stays
 * open until the last one is allocated, so two calls in one batch can never be
 * handed the same port. Tests use these so concurrent runs never collide.
 * (Another process may still grab a port between our close and the consumer's
 * bind; on loopback with random ephemeral ports that window is negligible.)
 */
export async function freePorts(count: number): Promise<number[]> {
  const servers: Server[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const server = createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
    }
    return servers.map((server) => {
      const address = server.address();
      if (address === null || typeof address === 'string') throw new Error('expected a TCP address');
      return address.port;
    });
  } finally {
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }
}

export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port as number;
}
