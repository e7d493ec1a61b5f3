import { Injectable } from '@nestjs/common';

type Commit = (topic: string, partition: number, offset: string) => Promise<void>;

/**
 * Where the intake's commits go: the group consumer, attached once it runs.
 * A separate provider because the intake is built before the consumer that
 * feeds it; a commit before that (none is scheduled then) would be refused.
 */
@Injectable()
export class ConsumerCommits {
  private target: Commit | null = null;

  attach(commit: Commit): void {
    this.target = commit;
  }

  async commit(topic: string, partition: number, offset: string): Promise<void> {
    if (this.target === null) throw new Error('the dispatcher consumer is not running yet');
    await this.target(topic, partition, offset);
  }
}
