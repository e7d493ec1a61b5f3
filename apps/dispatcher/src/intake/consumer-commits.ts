import { Injectable } from '@nestjs/common';

type Commit = (topic: string, partition: number, offset: string) => Promise<void>;

/**
 * Where the intake's commits go: the `dispatch` subscription, attached by the
 * consumer that defines it. A separate provider because the intake is built
 * before that consumer; a commit while the subscription does not run fails
 * (the intake logs it and commits again with its next change).
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
