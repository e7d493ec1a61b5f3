import { setTimeout as sleep } from 'node:timers/promises';
import { ServiceUnavailableException } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { AppendPosition } from '@hookline/kafka';
import { projectedPast } from '@hookline/persistence';

/**
 * Read-your-writes: after appending a fact, wait (bounded) until the projector
 * has passed its offset, so the response and the next GET show the new state.
 * On timeout the write is still durable; the client is told to read again.
 */
export async function waitForProjection(db: DataSource, position: AppendPosition, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let pause = 5;
  while (!(await projectedPast(db.manager, position.topic, position.partition, position.offset))) {
    if (Date.now() > deadline) {
      throw new ServiceUnavailableException({
        code: 'projection_lagging',
        message: 'the change is stored but not yet visible; read it again shortly',
      });
    }
    await sleep(pause);
    pause = Math.min(pause * 2, 100);
  }
}
