import { onConsumerLivenessChange, onConsumerStall, type ConsumerStall, type LivenessChange } from '@hookline/kafka';
import type { JsonLogger, Readiness } from '@hookline/telemetry';

/**
 * The readiness rule (docs/readiness.md): a process with a consumer that is
 * not consuming is not ready and exits non-zero, so Kubernetes (or the local
 * stack) restarts it; a fresh process rejoins the group and resumes from the
 * last durable offset. `shutdown` drains like SIGTERM does, then exits with
 * the code given. A consumer that has only gone silent for a while (the
 * not-ready bound of consumer-liveness.ts) is not ready until it speaks again.
 * Returns the unsubscribe function.
 */
export function superviseConsumers(readiness: Readiness, logger: JsonLogger, shutdown: (why: string, exitCode: number) => void): () => void {
  const offStalls = onConsumerStall((stall: ConsumerStall) => {
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
  const offLiveness = onConsumerLivenessChange(({ groupId, verdict }: LivenessChange) => {
    const name = `consumer-not-consuming:${groupId}`;
    if (verdict.status === 'consuming') {
      readiness.recover(name);
      logger.event('info', 'consumer consuming again', { groupId });
      return;
    }
    const details = { group: groupId, silentForMs: verdict.silentForMs, crashRestarts: verdict.crashRestarts, lastError: verdict.lastError };
    readiness.fail(name, details);
    logger.event('warn', 'consumer not consuming; not ready', details);
  });
  return () => {
    offStalls();
    offLiveness();
  };
}
