/**
 * A rejected command. `code` is machine-readable and stable; the HTTP edge maps
 * the kind to a status (validation → 422, not_found → 404, conflict → 409).
 */
export type DomainErrorKind = 'validation' | 'not_found' | 'conflict';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
