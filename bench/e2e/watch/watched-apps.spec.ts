import { appEnvironments } from './watched-apps';

describe('appEnvironments', () => {
  it('joins the NODE_OPTIONS of --profile and --watch and keeps the other variables', () => {
    const profile = (app: string) => (app === 'ingest' ? { NODE_OPTIONS: '--cpu-prof' } : undefined);
    const watch = (app: string) => ({ NODE_OPTIONS: '--require /w.js', HOOKLINE_WATCH_FILE: `/w/${app}.log` });
    expect(appEnvironments(['ingest', 'dispatcher'], [profile, watch])).toEqual({
      ingest: { NODE_OPTIONS: '--cpu-prof --require /w.js', HOOKLINE_WATCH_FILE: '/w/ingest.log' },
      dispatcher: { NODE_OPTIONS: '--require /w.js', HOOKLINE_WATCH_FILE: '/w/dispatcher.log' },
    });
  });

  it('adds nothing for an app no source names', () => {
    expect(appEnvironments(['registry'], [() => undefined])).toEqual({});
  });
});
