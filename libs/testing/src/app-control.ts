import type { Supervisor } from '../../../tools/local-stack/supervisor';

/**
 * SIGKILLs the current life of a supervised process (an app, the broker,
 * Postgres) and waits until the supervisor has it running again. Returns the
 * times of the kill and of the return, or rejects if it is not back in time.
 */
export async function crashAndAwaitRestart(supervisor: Supervisor, name: string, timeoutMs: number): Promise<{ killedAt: number; backAt: number }> {
  let pid = supervisor.pid(name);
  if (pid === undefined) {
    // Still coming back from an earlier death (or from one the load caused): kill the next life.
    pid = (await withTimeout(supervisor.nextStart(name), timeoutMs, `${name} to be running`)).pid;
  }
  const back = supervisor.nextStart(name);
  const killedAt = Date.now();
  process.kill(pid, 'SIGKILL');
  await withTimeout(back, timeoutMs, `${name} to run again after SIGKILL`);
  return { killedAt, backAt: Date.now() };
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`waited ${ms / 1000} s for ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
