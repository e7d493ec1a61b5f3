import { warmUp, type PlanContext } from './bench-plans';
import type { BenchSession } from './bench-session';

/**
 * Runs one scenario on an engine of its own: new apps, topics and database,
 * warmed up like the run's first engine, stopped afterwards. Issue 14's
 * comparison ran every engine fresh per scenario; and whatever one scenario
 * leaves behind (grown tables, an app made dearer by an overload) then cannot
 * weigh on the next. The broker and Postgres servers are shared.
 */
export async function onFreshEngine<T>(ctx: PlanContext, run: (session: BenchSession) => Promise<T>): Promise<T> {
  const session = await ctx.openEngine();
  try {
    const crashed = session.engine.crashed.then((what): never => {
      throw new Error(`${what} during the benchmark`);
    });
    return await Promise.race([warmUp(session, ctx.warmUpSeconds ?? 5).then(() => run(session)), crashed]);
  } finally {
    await session.close();
  }
}
