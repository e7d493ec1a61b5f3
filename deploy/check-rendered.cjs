// Checks `helm template` output and the Grafana dashboard against the code.
// Called by deploy/check-chart.sh as: node deploy/check-rendered.cjs <scenario> <rendered.yaml>
//   scenario "default":    the chart's defaults plus only the required values
//   scenario "production": deploy/production-values.example.yaml
//   scenario "dashboard":  the dashboard's metric names (no rendered file)
'use strict';
const { readFileSync, readdirSync, existsSync, statSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const yaml = loadYaml();
const problems = [];
const expect = (ok, message) => ok || problems.push(message);

function loadYaml() {
  for (const base of [root, join(root, '.cache', 'deploy-tools')]) {
    try {
      return require(require.resolve('yaml', { paths: [base] }));
    } catch {
      // not installed there; check-chart.sh installs it into .cache/deploy-tools
    }
  }
  throw new Error('the yaml package is not installed (deploy/check-chart.sh installs it)');
}

/** Every .ts file under apps/ and libs/ except tests, concatenated: what the services really read and export. */
function sourceText() {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(name)) files.push(readFileSync(path, 'utf8'));
    }
  };
  walk(join(root, 'apps'));
  walk(join(root, 'libs'));
  return files.join('\n');
}

const source = sourceText();
const OTEL_PASSTHROUGH = /^OTEL_/;

function checkRendered(scenario, file) {
  const docs = yaml.parseAllDocuments(readFileSync(file, 'utf8'));
  for (const doc of docs) for (const error of doc.errors) problems.push(`YAML: ${error.message}`);
  const objects = docs.map((d) => d.toJS()).filter((o) => o !== null && o !== undefined);
  const byKind = (kind) => objects.filter((o) => o.kind === kind);
  const count = (kind) => byKind(kind).length;
  const production = scenario === 'production';

  for (const o of objects) expect(o.apiVersion && o.kind && o.metadata && o.metadata.name, `object without apiVersion/kind/name: ${JSON.stringify(o).slice(0, 80)}`);
  expect(count('Deployment') === 4, `4 Deployments, got ${count('Deployment')}`);
  expect(count('Job') === 2, `2 hook Jobs, got ${count('Job')}`);
  expect(count('Service') === (production ? 4 : 2), `Services: ${count('Service')}`);
  expect(count('PodDisruptionBudget') === 3, `PDBs (registry, ingest, dispatcher): ${count('PodDisruptionBudget')}`);
  expect(count('Secret') === (production ? 0 : 1), `Secrets: ${count('Secret')}`);
  expect(count('ServiceMonitor') === (production ? 1 : 0), `ServiceMonitors: ${count('ServiceMonitor')}`);

  const ports = { registry: 8080, ingest: 8081, dispatcher: 8082, projector: 8083 };
  for (const [component, port] of Object.entries(ports)) {
    const deployment = byKind('Deployment').find((d) => d.metadata.labels['app.kubernetes.io/component'] === component);
    if (!expect(deployment, `no Deployment for ${component}`)) continue;
    const pod = deployment.spec.template.spec;
    const [container] = pod.containers;
    const env = Object.fromEntries(container.env.filter((e) => 'value' in e).map((e) => [e.name, e.value]));
    const names = container.env.map((e) => e.name);
    const where = `${component}:`;
    expect(pod.terminationGracePeriodSeconds >= 35, `${where} terminationGracePeriodSeconds ${pod.terminationGracePeriodSeconds} < 35`);
    expect(container.readinessProbe?.httpGet?.path === '/readyz', `${where} readiness is not /readyz`);
    expect(container.livenessProbe?.httpGet?.path === '/healthz', `${where} liveness is not /healthz`);
    expect(container.ports[0].containerPort === port && env.PORT === String(port), `${where} port is not ${port}`);
    expect(env.HOOKLINE_BIND_ADDRESS === '0.0.0.0', `${where} does not bind 0.0.0.0 (services default to loopback)`);
    expect(pod.securityContext.runAsNonRoot === true, `${where} not runAsNonRoot`);
    expect(container.resources?.requests?.memory, `${where} no memory request`);
    const main = container.command.at(-1);
    expect(main === `dist/apps/${component}/src/main.js`, `${where} command ${container.command.join(' ')}`);
    expect(existsSync(join(root, main.replace(/^dist\//, '').replace(/\.js$/, '.ts'))), `${where} ${main} has no source`);
    expect(names.includes('KAFKA_BROKERS') && names.includes('HOOKLINE_TOPIC_PREFIX'), `${where} no Kafka settings`);
    if (component !== 'dispatcher') {
      const url = container.env.find((e) => e.name === 'DATABASE_URL');
      expect(url?.valueFrom?.secretKeyRef?.name, `${where} DATABASE_URL is not from a Secret`);
    }
    if (component === 'registry' || component === 'dispatcher') {
      expect(container.env.find((e) => e.name === 'HOOKLINE_MASTER_KEY')?.valueFrom?.secretKeyRef, `${where} master key is not from a Secret`);
      expect(env.HOOKLINE_ALLOW_HTTP === 'false' && env.HOOKLINE_ALLOW_PRIVATE_NETWORKS === 'false', `${where} http/private networks allowed by default`);
    }
    if (component === 'projector') expect(deployment.spec.replicas === 1, 'projector replicas is not 1');
    // A variable no code reads is a typo or a leftover (OTEL_* go to the OpenTelemetry SDK).
    for (const name of names) {
      expect(OTEL_PASSTHROUGH.test(name) || source.includes(`'${name}'`) || name === 'LOG_LEVEL', `${where} ${name} is read by no code`);
    }
  }
  for (const job of byKind('Job')) {
    const annotations = job.metadata.annotations ?? {};
    expect(annotations['helm.sh/hook'] === 'pre-install,pre-upgrade', `${job.metadata.name}: hook is ${annotations['helm.sh/hook']}`);
    expect(annotations['helm.sh/hook-delete-policy'], `${job.metadata.name}: no hook-delete-policy`);
    const [container] = job.spec.template.spec.containers;
    const script = container.command.at(-1);
    expect(existsSync(join(root, script.replace(/^dist\//, '').replace(/\.js$/, '.ts'))), `${job.metadata.name}: ${script} has no source`);
  }
  const migrate = byKind('Job').find((j) => j.spec.template.spec.containers[0].command.at(-1).endsWith('migrate.command.js'));
  expect(migrate?.spec.template.spec.containers[0].env.some((e) => e.name === 'DATABASE_URL'), 'migration Job has no DATABASE_URL');
}

function checkDashboard() {
  const dashboard = JSON.parse(readFileSync(join(root, 'deploy', 'grafana', 'hookline-dashboard.json'), 'utf8'));
  const metrics = new Set();
  for (const panel of dashboard.panels) for (const target of panel.targets ?? []) for (const m of target.expr.match(/hookline_[a-z_]+/g) ?? []) metrics.add(m);
  expect(metrics.size >= 10, `dashboard uses only ${metrics.size} metrics`);
  // OpenTelemetry -> Prometheus: counters gain _total, histograms _bucket/_sum/_count; units are not appended.
  for (const metric of metrics) {
    const instrument = metric.replace(/_(total|bucket|sum|count)$/, '');
    expect(source.includes(`'${instrument}'`), `dashboard metric ${metric}: no instrument named ${instrument} in apps/ or libs/`);
  }
  return metrics.size;
}

const [scenario, file] = process.argv.slice(2);
let summary;
if (scenario === 'dashboard') summary = `${checkDashboard()} metric names found in the code`;
else {
  checkRendered(scenario, file);
  summary = 'rendered objects as expected';
}
if (problems.length > 0) {
  process.stderr.write(`${scenario}: ${problems.length} problem(s)\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(`${scenario}: ${summary}\n`);
