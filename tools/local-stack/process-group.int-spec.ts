import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { liveMembersOf, processGroupGone } from './process-group';

/** Starts `sh -c script` as the leader of a new group and resolves with its pgid once it has exited. */
async function groupWhoseLeaderExited(script: string): Promise<number> {
  const leader = spawn('sh', ['-c', script], { detached: true, stdio: 'ignore' });
  await new Promise((resolve) => leader.once('exit', resolve));
  return leader.pid as number;
}

/** Polls /proc until a child of `parent` is a zombie, and returns its pid. */
async function eventuallyAZombieChildOf(parent: number): Promise<number> {
  for (let tries = 0; tries < 500; tries += 1) {
    for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue;
      }
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state === 'Z' && Number(ppid) === parent) return Number(entry);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no zombie child of ${parent} within 5 s`);
}

describe('processGroupGone', () => {
  it('waits for a member that outlives the group leader', async () => {
    const pgid = await groupWhoseLeaderExited('sleep 1 & exit 0');
    expect(liveMembersOf(pgid)).toHaveLength(1); // the leader is reaped, its sleep is not done

    await expect(processGroupGone(pgid, 10_000)).resolves.toBe('gone');
    expect(liveMembersOf(pgid)).toEqual([]);
  });

  it('does not wait for zombies, which can signal nothing', async () => {
    // `setsid` puts its sleep in a group of its own; when it exits, its parent (the
    // leader, now exec'd into a sleep that never reaps) keeps it a zombie for 30 s.
    const leader = spawn('sh', ['-c', 'setsid sleep 0.1 & exec sleep 30'], { detached: true, stdio: 'ignore' });
    try {
      const zombie = await eventuallyAZombieChildOf(leader.pid as number);
      expect(() => process.kill(-zombie, 0)).not.toThrow(); // the kernel still counts the group

      await expect(processGroupGone(zombie, 10_000)).resolves.toBe('gone');
      expect(liveMembersOf(zombie)).toEqual([]);
    } finally {
      leader.kill('SIGKILL');
    }
  });

  it('gives up after its bound while a member lives on', async () => {
    const pgid = await groupWhoseLeaderExited('sleep 30 & exit 0');
    try {
      await expect(processGroupGone(pgid, 200)).resolves.toBe('timed out');
    } finally {
      process.kill(-pgid, 'SIGKILL');
    }
  });
});
