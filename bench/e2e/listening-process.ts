import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

const TCP_LISTEN = '0A';

/**
 * Socket inodes listening on a TCP port, from the text of `/proc/net/tcp` or
 * `/proc/net/tcp6` (any local address: the broker and Postgres of the bench
 * listen on loopback).
 */
export function listeningInodes(procNetTcp: string, port: number): string[] {
  const inodes: string[] = [];
  for (const line of procNetTcp.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    const [local, state, inode] = [fields[1], fields[3], fields[9]];
    if (local === undefined || state !== TCP_LISTEN || inode === undefined || inode === '0') continue;
    if (Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16) === port) inodes.push(inode);
  }
  return inodes;
}

/**
 * The process listening on a loopback TCP port: how the bench finds the Kafka
 * broker (java) and the postmaster it measures, whether it started them or
 * they came from KAFKA_BROKERS / DATABASE_URL on this machine. Undefined when
 * nothing here listens on it (a remote broker or database: not measured).
 * Reads every process's fd table: done once per engine, not per sample.
 */
export function findListeningProcess(port: number): number | undefined {
  const inodes = new Set(['tcp', 'tcp6'].flatMap((file) => listeningInodes(readFileSync(`/proc/net/${file}`, 'utf8'), port)));
  if (inodes.size === 0) return undefined;
  const targets = new Set([...inodes].map((inode) => `socket:[${inode}]`));
  const owners: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${name}/fd`);
    } catch (error) {
      // Gone meanwhile, or not ours to read: not the owner we can measure anyway.
      if (['ENOENT', 'EACCES', 'ESRCH'].includes((error as NodeJS.ErrnoException).code ?? '')) continue;
      throw error;
    }
    if (fds.some((fd) => targets.has(readlinkOrEmpty(`/proc/${name}/fd/${fd}`)))) owners.push(Number(name));
  }
  // A forked server may share its listening socket with children; the oldest (lowest pid here) is the parent.
  return owners.length === 0 ? undefined : Math.min(...owners);
}

function readlinkOrEmpty(path: string): string {
  try {
    return readlinkSync(path);
  } catch (error) {
    if (['ENOENT', 'EACCES', 'ESRCH'].includes((error as NodeJS.ErrnoException).code ?? '')) return '';
    throw error;
  }
}
