import { openHeaders, type ClearHeaders } from './sealed-headers';
import { openSecret } from './secret-box';
import { signingSecrets, type EndpointState } from './endpoint.state';

interface Opened {
  readonly version: number;
  /** Sealed value → plain value, for the current and the previous secret of that version. */
  readonly secrets: ReadonlyMap<string, string>;
  readonly headers: ClearHeaders;
}

/** What one request is signed and sent with. */
export interface SigningMaterial {
  /** Plain secrets that sign at `now`, newest first. */
  readonly secrets: readonly string[];
  readonly customHeaders: ClearHeaders;
}

/**
 * An endpoint's secrets and custom headers opened once per endpoint version
 * instead of once per attempt (AES-GCM per secret and per header value was a
 * measurable share of the CPU of a delivery). Any registry fact bumps the
 * version, so a rotation or a header change is seen by the next attempt. Which
 * secrets sign still depends on the time (the previous one's grace period), so
 * that choice is made per request. One entry per endpoint, replaced in place;
 * deleted endpoints are dropped by `forget`.
 */
export class OpenedEndpointSecrets {
  private readonly opened = new Map<string, Opened>();

  constructor(private readonly masterKey: Buffer) {}

  forRequest(endpoint: EndpointState, now: Date): SigningMaterial {
    let opened = this.opened.get(endpoint.endpointId);
    if (opened === undefined || opened.version !== endpoint.version) {
      opened = this.open(endpoint);
      this.opened.set(endpoint.endpointId, opened);
    }
    const { secrets } = opened;
    return { secrets: signingSecrets(endpoint, now).map((sealed) => secrets.get(sealed) ?? openSecret(sealed, this.masterKey)), customHeaders: opened.headers };
  }

  forget(endpointId: string): void {
    this.opened.delete(endpointId);
  }

  get size(): number {
    return this.opened.size;
  }

  private open(endpoint: EndpointState): Opened {
    const secrets = new Map<string, string>();
    for (const sealed of [endpoint.secret, endpoint.previousSecret]) {
      if (sealed !== null) secrets.set(sealed, openSecret(sealed, this.masterKey));
    }
    // The only place custom header values are opened: to send them.
    return { version: endpoint.version, secrets, headers: openHeaders(endpoint.headers, this.masterKey) };
  }
}
