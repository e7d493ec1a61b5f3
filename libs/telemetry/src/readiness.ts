/**
 * What /readyz reports: each part of an app (consumer joined, view caught up,
 * database reachable) registers a check; the app is ready when all pass.
 */
export type ReadinessCheck = () => boolean | Promise<boolean>;

export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck>();
  private draining = false;

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  /** Called on SIGTERM so load balancers stop sending work before we drain. */
  markDraining(): void {
    this.draining = true;
  }

  async report(): Promise<{ ready: boolean; checks: Record<string, boolean> }> {
    const checks: Record<string, boolean> = {};
    for (const [name, check] of this.checks) {
      try {
        checks[name] = await check();
      } catch {
        checks[name] = false; // a throwing check is simply not ready
      }
    }
    return { ready: !this.draining && Object.values(checks).every(Boolean), checks };
  }
}
