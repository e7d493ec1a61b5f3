/**
 * What /readyz reports: each part of an app (consumer joined, view caught up,
 * database reachable) registers a check; the app is ready when all pass. A
 * part that has failed for good (a consumer that stopped consuming) calls
 * `fail`: the app is then not ready, and the report says why; only a part
 * whose failure can pass (a consumer silent for a while) calls `recover`.
 */
export type ReadinessCheck = () => boolean | Promise<boolean>;

export type FailureDetails = Readonly<Record<string, string | number | null>>;

export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: Record<string, boolean>;
  /** Present once something failed for good. */
  readonly failed?: Record<string, FailureDetails>;
}

export class Readiness {
  private readonly checks = new Map<string, ReadinessCheck>();
  private readonly failures = new Map<string, FailureDetails>();
  private draining = false;

  register(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  /** Called on SIGTERM so load balancers stop sending work before we drain. */
  markDraining(): void {
    this.draining = true;
  }

  /** Not ready from now on, for the reason given (the process is about to exit and be restarted). */
  fail(name: string, details: FailureDetails): void {
    this.failures.set(name, details);
  }

  /** Takes back a failure that was not for good (a consumer that went silent and is consuming again). */
  recover(name: string): void {
    this.failures.delete(name);
  }

  async report(): Promise<ReadinessReport> {
    const checks: Record<string, boolean> = {};
    for (const [name, check] of this.checks) {
      try {
        checks[name] = await check();
      } catch {
        checks[name] = false; // a throwing check is simply not ready
      }
    }
    const ready = !this.draining && this.failures.size === 0 && Object.values(checks).every(Boolean);
    return this.failures.size === 0 ? { ready, checks } : { ready, checks, failed: Object.fromEntries(this.failures) };
  }
}
