import { onConsumerStall, type ConsumerStall } from '@hookline/kafka';
import type { JsonLogger, Readiness } from '@hookline/telemetry';

/**
 * The readiness rule (docs/readiness.md): a process with a consumer that is
 * not consuming is not ready and exits non-zero, so Kubernetes (or the local
 * stack) restarts it; a fresh process rejoins the group and resumes from the
 * last durable offset. `shutdown` drains like SIGTERM does, then exits with
 * the code given. Returns the unsubscribe function.
 */
export function superviseConsumers(readiness: Readiness, logger: JsonLogger, shutdown: (why: string, exitCode: number) => void): () => void {
  return onConsumerStall((stall: ConsumerStall) => {
    readiness.fail('consumer-stalled', {
      group: stall.groupId,
      cause: stall.cause,
      topic: stall.topic,
      partition: stall.partition,
      offset: stall.offset,
      failures: stall.failures,
    });
    logger.event('error', 'consumer stalled; exiting to be restarted', { ...stall });
    shutdown(`consumer ${stall.groupId} stalled (${stall.cause})`, 1);
  });
}
