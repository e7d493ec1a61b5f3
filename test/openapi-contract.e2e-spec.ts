import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTenant, RegistryClient, type RunningEngine, startEngine, type TenantFixture } from '@hookline/testing';

const ROOT = join(__dirname, '..');
const SCHEMATHESIS = process.env.SCHEMATHESIS_BIN ?? join(ROOT, '.cache', 'schemathesis-venv', 'bin', 'schemathesis');
const REPORTS = join(ROOT, '.cache', 'schemathesis');
/** Fixed, so a finding reproduces; bounded, so the run has an end. */
const SEED = 11;
const MAX_EXAMPLES = 10;

interface Run {
  readonly exitCode: number | null;
  readonly output: string;
}

/**
 * The OpenAPI documents are the contract (issue 11): schemathesis, every check
 * on, against the running registry and ingest, as a project key and as an
 * account key. Any finding fails the test; its report is in .cache/schemathesis/.
 */
describe('the APIs match their OpenAPI documents under schemathesis', () => {
  let engine: RunningEngine;
  let tenant: TenantFixture;
  let ingestUrl: string;

  beforeAll(async () => {
    // .ci/run installs it first; a developer's `npm test` installs it here once (pip, pinned, into .cache/).
    if (process.env.SCHEMATHESIS_BIN === undefined) execFileSync(join(ROOT, 'tools', 'ci', 'install-schemathesis.sh'), { stdio: 'inherit', timeout: 600_000 });
    if (!existsSync(SCHEMATHESIS)) throw new Error(`schemathesis is not installed at ${SCHEMATHESIS}; run tools/ci/install-schemathesis.sh`);
    engine = await startEngine({}, ['registry', 'projector', 'ingest']);
    const admin = new RegistryClient(engine.registryUrl, engine.adminToken);
    tenant = await createTenant(admin, 'schemathesis', 1);
    ingestUrl = `http://127.0.0.1:${engine.apps.get('ingest')?.port}`;
    mkdirSync(REPORTS, { recursive: true });
  }, 780_000);

  afterAll(async () => {
    await engine?.stop();
  }, 60_000);

  const cases: Array<[api: 'registry' | 'ingest', key: 'project' | 'account']> = [
    ['registry', 'project'],
    ['registry', 'account'],
    ['ingest', 'project'],
    ['ingest', 'account'],
  ];

  async function freshKey(scope: 'project' | 'account'): Promise<string> {
    const admin = new RegistryClient(engine.registryUrl, engine.adminToken);
    const created = await admin.post<{ key: string }>(
      '/v1/api-keys',
      scope === 'project' ? { projectId: tenant.projectIds[0] } : { accountId: tenant.accountId },
    );
    if (created.status !== 201) throw new Error(`key: ${JSON.stringify(created)}`);
    return created.body.key;
  }

  /** A fresh endpoint and message per run (an earlier run may have changed or deleted its own), bound by test/schemathesis.toml. */
  async function fixtures(token: string): Promise<Record<string, string>> {
    const api = new RegistryClient(engine.registryUrl, token);
    const endpoint = await api.post<{ id: string }>('/v1/endpoints', {
      url: 'https://hooks.example.com/in',
      description: 'fuzzed',
      eventTypes: ['message.delivered'],
      projectId: tenant.projectIds[0],
      headers: { Authorization: 'Basic c2NoZW1hdGhlc2lz' },
    });
    const message = await api.post<{ messageId: string }>(`/v1/endpoints/${endpoint.body.id}/test`, {});
    if (endpoint.status !== 201 || message.status !== 202) throw new Error(`fixtures: ${JSON.stringify([endpoint, message])}`);
    return { HOOKLINE_FUZZ_ENDPOINT_ID: endpoint.body.id, HOOKLINE_FUZZ_MESSAGE_ID: message.body.messageId, HOOKLINE_FUZZ_ACCOUNT_ID: tenant.accountId };
  }

  it('types every nullable field by what it holds (not a bare object)', async () => {
    for (const url of [engine.registryUrl, ingestUrl]) {
      const document = (await (await fetch(`${url}/openapi.json`)).json()) as unknown;
      expect({ url, untyped: untypedNullables(document) }).toEqual({ url, untyped: [] });
    }
  });

  it.each(cases)(
    '%s, as a %s key: no finding',
    async (api, key) => {
      const baseUrl = api === 'registry' ? engine.registryUrl : ingestUrl;
      // A key of its own per run: a run as an account key may revoke the keys it can list, its own included.
      const token = await freshKey(key);
      const name = `${api}-${key}`;
      const run = await schemathesis(`${baseUrl}/openapi.json`, token, await fixtures(token), name);
      writeFileSync(join(REPORTS, `${name}.txt`), run.output);
      // The summary (operations, test cases, checks, failures) goes to the jest log as the run's record.
      process.stdout.write(`\n== schemathesis ${api} as ${key} key (seed ${SEED})\n${summaryOf(run.output)}\n${countsOf(name)}\n`);
      expect({ exitCode: run.exitCode, findings: run.exitCode === 0 ? '' : run.output.slice(-6_000) }).toEqual({ exitCode: 0, findings: '' });
    },
    600_000,
  );
});

function schemathesis(schemaUrl: string, token: string, env: Record<string, string>, name: string): Promise<Run> {
  const args = [
    '--no-color',
    '--config-file',
    join(__dirname, 'schemathesis.toml'),
    'run',
    schemaUrl,
    '--checks',
    'all',
    '--seed',
    String(SEED),
    '--max-examples',
    String(MAX_EXAMPLES),
    '--workers',
    '1',
    '--request-timeout',
    '15',
    '--header',
    `Authorization: Bearer ${token}`,
    '--report',
    'ndjson',
    '--report-ndjson-path',
    join(REPORTS, `${name}.ndjson`),
  ];
  return new Promise((resolve, reject) => {
    // Run inside .cache/schemathesis: the tool keeps a crash cache in its working directory.
    const child = spawn(SCHEMATHESIS, args, { cwd: REPORTS, env: { ...process.env, ...env } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (exitCode) => resolve({ exitCode, output }));
  });
}

/** The lines of the closing summary that carry numbers. */
function summaryOf(output: string): string {
  const start = output.lastIndexOf('SUMMARY');
  return (start === -1 ? output.slice(-1_500) : output.slice(start)).trim();
}

/** JSON paths of `nullable: true` schemas that say nothing about their type (the generator's reading of `T | null`). */
function untypedNullables(node: unknown, path = '$'): string[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => untypedNullables(item, `${path}[${i}]`));
  if (typeof node !== 'object' || node === null) return [];
  const schema = node as Record<string, unknown>;
  const shaped = ['properties', 'additionalProperties', 'allOf', 'oneOf', 'anyOf', '$ref', 'items'].some((key) => key in schema);
  const own = schema.nullable === true && (schema.type === undefined || schema.type === 'object') && !shaped ? [path] : [];
  return [...own, ...Object.entries(schema).flatMap(([key, value]) => untypedNullables(value, `${path}.${key}`))];
}

/** Requests sent and checks run, counted from the run's ndjson event stream (each finished scenario carries its recorder). */
function countsOf(name: string): string {
  const path = join(REPORTS, `${name}.ndjson`);
  if (!existsSync(path)) return '(no ndjson report)';
  let requests = 0;
  let checks = 0;
  let failed = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.startsWith('{"ScenarioFinished"')) continue;
    const { recorder } = (JSON.parse(line) as { ScenarioFinished: { recorder: Recorder | null } }).ScenarioFinished;
    if (recorder === null) continue; // a skipped scenario
    requests += Object.keys(recorder.interactions ?? {}).length;
    for (const list of Object.values(recorder.checks ?? {})) {
      checks += list.length;
      failed += list.filter((check) => check.status !== 'success').length;
    }
  }
  return `requests ${requests}, checks ${checks}, failed checks ${failed}`;
}

interface Recorder {
  readonly interactions?: Record<string, unknown>;
  readonly checks?: Record<string, Array<{ readonly name: string; readonly status: string }>>;
}
