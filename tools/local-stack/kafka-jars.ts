import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const KAFKA_VERSION = '3.9.1';

const STAMP = '.complete';
const LOCK_WAIT_MS = 15 * 60_000;

/**
 * Makes sure the broker's jars are in `.cache/kafka-3.9.1/lib` and returns that
 * directory. Maven (tools/kafka/pom.xml) fetches them from Maven Central, so
 * Java and mvn are the only prerequisites; there is no Kafka download to
 * install by hand.
 *
 * The jar set is complete only when the stamp file exists, and the stamp holds
 * a hash of the pom, so editing the pom fetches again. Jest's global setup and
 * `npm start` may both get here at the same time: a lock file serialises them,
 * and mvn writes into a temporary directory that is renamed into place, so a
 * reader never sees a half-copied lib directory.
 */
export async function ensureKafkaJars(root: string): Promise<string> {
  const pom = join(root, 'tools', 'kafka', 'pom.xml');
  const home = join(root, '.cache', `kafka-${KAFKA_VERSION}`);
  const lib = join(home, 'lib');
  const wanted = createHash('sha256')
    .update(await readFile(pom))
    .digest('hex');

  if (await stampMatches(lib, wanted)) return lib;
  await mkdir(home, { recursive: true });
  const release = await acquireLock(join(home, '.fetch.lock'));
  try {
    // Someone else may have finished while we waited for the lock.
    if (await stampMatches(lib, wanted)) return lib;
    process.stdout.write(`fetching Kafka ${KAFKA_VERSION} jars with mvn…\n`);
    const staging = join(home, `lib.tmp-${process.pid}`);
    await rm(staging, { recursive: true, force: true });
    await runMaven(pom, staging);
    await writeFile(join(staging, STAMP), `${wanted}\n`);
    const old = join(home, `lib.old-${process.pid}`);
    await rename(lib, old).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    await rename(staging, lib);
    await rm(old, { recursive: true, force: true });
    return lib;
  } finally {
    await release();
  }
}

async function stampMatches(lib: string, wanted: string): Promise<boolean> {
  try {
    return (await readFile(join(lib, STAMP), 'utf8')).trim() === wanted;
  } catch {
    return false; // no stamp yet: not fetched, or fetched by an older version of this code
  }
}

/** mvn quietly; its output is shown only when it fails, because then it is the only clue. */
function runMaven(pom: string, outputDir: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const mvn = spawn('mvn', ['-q', '-B', '-f', pom, 'package', `-Dkafka.lib=${outputDir}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: Buffer[] = [];
    mvn.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    mvn.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    mvn.on('error', (error) => reject(new Error(`could not run mvn (is Maven on PATH?): ${error.message}`)));
    mvn.on('close', (code) => {
      if (code === 0) return resolve();
      process.stderr.write(Buffer.concat(output));
      reject(new Error(`mvn exited with code ${code} while fetching the Kafka jars`));
    });
  });
}

/**
 * An exclusive-create lock file holding the owner's pid. A lock whose owner is
 * no longer alive (a killed earlier run) is taken over instead of waited on.
 */
async function acquireLock(path: string): Promise<() => Promise<void>> {
  const deadline = Date.now() + LOCK_WAIT_MS;
  let announced = false;
  for (;;) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(owner) && owner > 0 && !isAlive(owner)) {
      await rm(path, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${path} (held by pid ${owner})`);
    if (!announced) {
      process.stdout.write(`waiting for another process (pid ${owner}) to fetch the Kafka jars…\n`);
      announced = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
