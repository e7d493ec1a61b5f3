import { DomainError } from '@hookline/domain';

/** The DomainError code `run` throws, or undefined when it returns; any other error is rethrown. */
export function domainErrorCode(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  return undefined;
}
