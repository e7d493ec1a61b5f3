import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, openSync, closeSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { tieChildToOurLifetime } from './child-lifetime';
import { logTail } from './log-tail';
import { RestartableServer } from './restartable-server';
import { childExited, stopChild, type ExitStatus } from './stop-child';

export interface KafkaBrokerOptions {
  /** Directory of the broker jars (see ensureKafkaJars). */
  readonly libDir: string;
  /** Holds server.properties, log4j.properties and the log dirs; kept between runs. */
  readonly dataDir: string;
  readonly port: number;
  readonly controllerPort: number;
  readonly logFile: string;
  /** Gives up waiting for the broker (and stops it) when this fires. */
  readonly abort?: AbortSignal;
}

export interface KafkaBroker {
  readonly brokers: string[];
  readonly pid: number;
  /** Resolves when the JVM exits, for whatever reason, with how; lets a supervisor notice a crash. */
  readonly exited: Promise<ExitStatus>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 90_000;
const STOP_GRACE_MS = 30_000;

/**
 * Runs a single Apache Kafka node on 127.0.0.1 that is its own KRaft
 * controller, the smallest real Kafka there is: no ZooKeeper, no Docker.
 * The log dir is formatted once and then reused, so topics and offsets
 * survive restarts of `npm start`.
 */
export async function startKafkaBroker(options: KafkaBrokerOptions): Promise<KafkaBroker> {
  const { libDir, dataDir, port, controllerPort, logFile } = options;
  const logDir = join(dataDir, 'kraft-logs');
  const serverProperties = join(dataDir, 'server.properties');
  const log4jProperties = join(dataDir, 'log4j.properties');
  const classpath = `${libDir}/*`;

  await mkdir(logDir, { recursive: true });
  // Rewritten on every start so port changes apply; everything durable lives in logDir.
  await writeFile(serverProperties, brokerConfig({ logDir, port, controllerPort }));
  await writeFile(log4jProperties, log4jConfig(logFile));

  if (!existsSync(join(logDir, 'meta.properties'))) {
    // A KRaft cluster id is 16 random bytes in URL-safe base64 (what `kafka-storage random-uuid` prints).
    // One in 64 such ids starts with '-', which the tool's argument parser takes for an option
    // ("--cluster-id: expected one argument"); Kafka's own Uuid.randomUuid() redraws those too.
    let clusterId = randomBytes(16).toString('base64url');
    while (clusterId.startsWith('-')) clusterId = randomBytes(16).toString('base64url');
    await runToCompletion(
      'java',
      ['-cp', classpath, `-Dlog4j.configuration=file:${log4jProperties}`, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', serverProperties],
      logFile,
    );
  }

  const logFd = openSync(logFile, 'a');
  const java = spawn(
    'java',
    [
      '-Xms256m',
      '-Xmx768m',
      '-XX:+UseG1GC',
      '-XX:MaxGCPauseMillis=20',
      '-XX:+ExitOnOutOfMemoryError',
      '-Djava.awt.headless=true',
      // Extra JVM options for one run, e.g. a flight recording while benchmarking (BENCHMARKS.md).
      ...(process.env.HOOKLINE_KAFKA_JVM_OPTS ?? '').split(' ').filter((option) => option !== ''),
      `-Dlog4j.configuration=file:${log4jProperties}`,
      '-cp',
      classpath,
      'kafka.Kafka',
      serverProperties,
    ],
    {
      cwd: dataDir,
      // Own process group: a terminal Ctrl-C must reach only the orchestrator,
      // which stops the broker after the apps have drained.
      detached: true,
      // JVM-level output (crashes, OOM) goes to the same log as log4j; none of it to our stdout.
      stdio: ['ignore', logFd, logFd],
    },
  );
  closeSync(logFd);
  const spawned = await new Promise<number>((resolve, reject) => {
    java.once('spawn', () => resolve(java.pid as number));
    java.once('error', (error) => reject(new Error(`could not start java (is Java 17+ on PATH?): ${error.message}`)));
  });
  tieChildToOurLifetime(java, 'SIGKILL');
  const exited = childExited(java);

  const brokers = [`127.0.0.1:${port}`];
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= stopChild(java, 'SIGTERM', STOP_GRACE_MS).then(() => undefined);
    return stopping;
  };

  try {
    await waitUntilAnswering(brokers, exited, logFile, options.abort);
  } catch (error) {
    await stop();
    throw error;
  }
  return { brokers, pid: spawned, exited, stop };
}

function brokerConfig(o: { logDir: string; port: number; controllerPort: number }): string {
  return `# Written by tools/local-stack/kafka-broker.ts on every start; edits are overwritten.
# One node that is both broker and KRaft controller, for local development and tests.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${o.controllerPort}
listeners=PLAINTEXT://127.0.0.1:${o.port},CONTROLLER://127.0.0.1:${o.controllerPort}
advertised.listeners=PLAINTEXT://127.0.0.1:${o.port}
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
log.dirs=${o.logDir}

# A single node can only hold one replica of anything.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
default.replication.factor=1
min.insync.replicas=1
# Fewer internal partitions than the production default of 50: each one is a
# log with its own files, and the first consumer group or transaction would
# otherwise create 50 of them on a laptop.
offsets.topic.num.partitions=10
transaction.state.log.num.partitions=10

# Consumers join immediately instead of waiting 3 s for more members (tests would crawl).
group.initial.rebalance.delay.ms=0
# Topics come only from the project's provisioning code, never from a typo'd producer.
auto.create.topics.enable=false
num.partitions=1

# Laptop-sized: smaller segments and indexes, fewer threads and cleaner memory
# than the server defaults (1 GiB segments, 10 MiB indexes, 128 MiB dedupe buffer).
log.segment.bytes=67108864
log.index.size.max.bytes=1048576
log.cleaner.dedupe.buffer.size=16777216
log.cleaner.threads=1
num.network.threads=2
num.io.threads=4
background.threads=4
num.recovery.threads.per.data.dir=1
log.retention.check.interval.ms=300000
`;
}

function log4jConfig(logFile: string): string {
  return `# Written by tools/local-stack/kafka-broker.ts. The broker logs to a file, never to our console.
log4j.rootLogger=WARN, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=${logFile}
log4j.appender.file.Append=true
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
# Start-up and shutdown milestones, so the log shows when the broker was up.
log4j.logger.kafka.server.KafkaRaftServer=INFO
log4j.logger.kafka.server.BrokerServer=INFO
log4j.logger.kafka.server.ControllerServer=INFO
log4j.logger.kafka.Kafka$=INFO
`;
}

/** Runs a short-lived java tool, its output appended to the log; fails with the log tail. */
function runToCompletion(command: string, args: string[], logFile: string): Promise<void> {
  const logFd = openSync(logFile, 'a');
  const child = spawn(command, args, { stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  return new Promise((resolve, reject) => {
    child.once('error', (error) => reject(new Error(`could not run ${command}: ${error.message}`)));
    child.once('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`formatting the Kafka log dir failed (exit ${code})\n${logTail(logFile)}`));
    });
  });
}

/**
 * The broker is ready when it answers a metadata request and lists itself as
 * a live (unfenced) broker; until then topic creation would fail.
 */
async function waitUntilAnswering(brokers: string[], exited: Promise<ExitStatus>, logFile: string, abort?: AbortSignal): Promise<void> {
  let died = false;
  void exited.then(() => {
    died = true;
  });
  const deadline = Date.now() + READY_TIMEOUT_MS;
  const kafka = new Kafka({
    clientId: 'hookline-local-stack',
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 5_000,
    retry: { retries: 0 },
  });
  for (;;) {
    if (died) throw new Error(`the Kafka broker exited during start-up\n${logTail(logFile)}`);
    if (abort?.aborted) throw new Error('the Kafka broker start was cancelled');
    const admin = kafka.admin();
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length > 0) return;
    } catch {
      // Not listening yet, or still catching up with its own metadata log: try again.
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    if (Date.now() > deadline) {
      throw new Error(`the Kafka broker did not answer within ${READY_TIMEOUT_MS / 1000} s\n${logTail(logFile)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The broker as a restartable handle: every start() runs it again on the same data dir and ports. */
export function restartableKafkaBroker(options: Omit<KafkaBrokerOptions, 'abort'>): RestartableServer<KafkaBroker> {
  return new RestartableServer('kafka', options.logFile, (abort) => startKafkaBroker({ ...options, abort }));
}
