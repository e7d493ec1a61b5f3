/** A stage of `npm run chaos` (chaos.main.ts). */

export type StageLog = (line: string) => void;

/** What a stage found: rows for the table, what went wrong (empty when it passed), and its full result. */
export interface StageResult {
  readonly rows: ReadonlyArray<readonly [string, string]>;
  readonly violations: readonly string[];
  readonly details: unknown;
}

/** One stage of the run. */
export interface ChaosStage {
  readonly name: string;
  run(log: StageLog): Promise<StageResult>;
}
