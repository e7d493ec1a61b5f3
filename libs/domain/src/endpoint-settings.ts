import type { EndpointSettings } from '@hookline/contracts';
import { DomainError } from './domain-error';

/** What the deployment allows; local development and tests allow plain http. */
export interface EndpointPolicy {
  readonly allowHttp: boolean;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_LEGACY_SIGNATURE_HEADER = 'x-webhook-signature';

/** Throws a DomainError naming the first rule the settings break. */
export function validateEndpointSettings(settings: EndpointSettings, policy: EndpointPolicy): void {
  const url = parseUrl(settings.url);
  const httpAllowed = url.protocol === 'http:' && policy.allowHttp;
  if (url.protocol !== 'https:' && !httpAllowed) {
    throw new DomainError('validation', 'url_not_https', 'endpoint url must use https', { url: settings.url });
  }
  if (url.username !== '' || url.password !== '') {
    throw new DomainError('validation', 'url_has_credentials', 'endpoint url must not contain credentials');
  }
  if (settings.eventTypes.length === 0) {
    throw new DomainError('validation', 'event_types_required', 'an endpoint needs at least one event type');
  }
  if (settings.timeoutMs < 1000 || settings.timeoutMs > 30_000) {
    throw new DomainError('validation', 'timeout_out_of_range', 'timeoutMs must be between 1000 and 30000');
  }
}

function parseUrl(raw: string): URL {
  try {
    return new URL(raw);
  } catch {
    throw new DomainError('validation', 'url_invalid', 'endpoint url is not a valid URL', { url: raw });
  }
}
