import type { Consumer } from 'kafkajs';

/** A setting the floor bench hands its worker processes; a missing one is the bench's bug, so it throws. */
export function floorEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
}

/** A consumer kafkajs gave up on stops the worker, loudly: a bench step must not measure a pipeline that stopped. */
export function exitOnCrash(consumer: Consumer, name: string): void {
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (payload.restart) return;
    process.stderr.write(`floor ${name} stopped: ${payload.error.stack ?? payload.error.message}\n`);
    process.exit(1);
  });
}
