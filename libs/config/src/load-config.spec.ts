import { envBool, envDurationList, envInt, envString } from './env-readers';
import { ConfigError, loadConfig, loadConfigOrExit, type ConfigSpec } from './load-config';

describe('loadConfig', () => {
  const spec = {
    url: envString('DATABASE_URL'),
    port: envInt('PORT', 8080, { min: 1, max: 65535 }),
    http: envBool('HOOKLINE_ALLOW_HTTP', false),
    schedule: envDurationList('HOOKLINE_RETRY_SCHEDULE', '10s,1m'),
  };

  it('applies defaults and parses values into a frozen object', () => {
    const config = loadConfig(spec, { DATABASE_URL: 'postgres://x', HOOKLINE_RETRY_SCHEDULE: '1s, 2s,5m' });
    expect(config).toEqual({ url: 'postgres://x', port: 8080, http: false, schedule: [1000, 2000, 300000] });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('names every bad variable at once', () => {
    let caught: unknown;
    try {
      loadConfig(spec, { PORT: '99999', HOOKLINE_ALLOW_HTTP: 'maybe', HOOKLINE_RETRY_SCHEDULE: '10 minutes' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join('\n');
    for (const name of ['DATABASE_URL', 'PORT', 'HOOKLINE_ALLOW_HTTP', 'HOOKLINE_RETRY_SCHEDULE']) {
      expect(problems).toContain(name);
    }
  });
});

describe('loadConfigOrExit', () => {
  it("reads a spec from the process's environment once, so main.ts and the module share one config", () => {
    let reads = 0;
    const spec: ConfigSpec<{ port: number }> = {
      port: (env) => {
        reads += 1;
        return envInt('HOOKLINE_TEST_ONCE_PORT', 8080)(env);
      },
    };
    const first = loadConfigOrExit(spec);
    const second = loadConfigOrExit(spec);
    expect(second).toBe(first);
    expect(reads).toBe(1);
  });

  it('reads an explicit environment afresh every time', () => {
    const spec: ConfigSpec<{ port: number }> = { port: envInt('PORT', 8080) };
    expect(loadConfigOrExit(spec, { PORT: '1' }).port).toBe(1);
    expect(loadConfigOrExit(spec, { PORT: '2' }).port).toBe(2);
  });
});
