import { Injectable } from '@nestjs/common';
import { DomainError, type EndpointState } from '@hookline/domain';
import type { Principal } from '../http/principal';
import { TenantAccess } from '../http/tenant-access';

/**
 * The endpoint an operation acts on: visible to the caller (else 404, as for
 * every endpoint route) and enabled. A disabled endpoint's deliveries are held
 * and drain on enable, with attempt numbers already assigned; operating on it
 * meanwhile would only park more work behind them, so we ask for enable first.
 */
@Injectable()
export class OperableEndpoint {
  constructor(private readonly access: TenantAccess) {}

  async of(principal: Principal, endpointId: string): Promise<EndpointState> {
    const endpoint = await this.access.endpoint(principal, endpointId);
    if (endpoint.status === 'disabled') {
      throw new DomainError('conflict', 'endpoint_disabled', 'the endpoint is disabled; enable it first (held deliveries drain on enable)', {
        disabledReason: endpoint.disabledReason,
      });
    }
    return endpoint;
  }
}
