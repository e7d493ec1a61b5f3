import { Kafka, logLevel, type Producer } from 'kafkajs';
import type { Pool } from 'undici';
import { serveBenchWorker } from './bench-worker';
import { httpPool, httpPublisher, kafkaPublisher } from './event-publishers';
import type { LoadGeneratorProtocol } from './load-client';
import { runLoad, type LoadInput, type RunningLoad } from './load-generator';

/**
 * The load generator, as its own process (spawned by load-client.ts): one
 * producer per broker list and one keep-alive pool per ingest URL, kept for
 * the whole run, and the steps it was asked to run.
 */
function main(): void {
  const producers = new Map<string, Promise<Producer>>();
  const pools = new Map<string, Pool>();
  const loads = new Map<string, RunningLoad>();

  const producerFor = (brokers: readonly string[]): Promise<Producer> => {
    const key = brokers.join(',');
    let producer = producers.get(key);
    if (producer === undefined) {
      const created = new Kafka({ clientId: 'hookline-bench-load', brokers: [...brokers], logLevel: logLevel.ERROR }).producer({
        allowAutoTopicCreation: false,
      });
      producer = created.connect().then(() => created);
      producers.set(key, producer);
    }
    return producer;
  };
  const publisherFor = async (input: LoadInput) => {
    switch (input.kind) {
      case 'kafka':
        return kafkaPublisher(await producerFor(input.brokers), input.topic);
      case 'http': {
        let pool = pools.get(input.ingestUrl);
        if (pool === undefined) {
          pool = httpPool(input.ingestUrl);
          pools.set(input.ingestUrl, pool);
        }
        return httpPublisher(pool, input.apiKey);
      }
      default: {
        const never: never = input;
        throw new Error(`unknown load input ${JSON.stringify(never)}`);
      }
    }
  };
  const loadOf = (step: string): RunningLoad => {
    const load = loads.get(step);
    if (load === undefined) throw new Error(`no load was started for step ${step}`);
    return load;
  };

  serveBenchWorker<LoadGeneratorProtocol>(
    {
      start: async (spec) => {
        loads.set(spec.step, runLoad(spec, await publisherFor(spec.input)));
        return null;
      },
      acked: ({ step }) => loadOf(step).acked(),
      // The load stays in the map after its result: the bench's backlog poll may still ask for its acks after the
      // last send settled (a late poll at the window's end made the targets run fail with "no load was started").
      // A run has at most a few hundred steps, so keeping them is cheap.
      result: ({ step }) => loadOf(step).done,
    },
    {},
    async () => {
      await Promise.all([...producers.values()].map((producer) => producer.then((p) => p.disconnect())));
      await Promise.all([...pools.values()].map((pool) => pool.close()));
    },
  );
}

main();
