import { Inject, Injectable } from '@nestjs/common';
import type { Agent } from 'undici';
import { DISPATCHER_CONFIG, type DispatcherConfig } from '../dispatcher.config';
import { sendWebhook, type SendResult } from './http-sender';
import { createOutboundAgent } from './outbound-agent';

/** The guarded keep-alive pool every attempt is sent through. */
@Injectable()
export class WebhookSender {
  private readonly agent: Agent;

  constructor(@Inject(DISPATCHER_CONFIG) private readonly config: DispatcherConfig) {
    this.agent = createOutboundAgent({ allowPrivateNetworks: config.allowPrivateNetworks, allowlist: config.outboundAllowlist }, config.connectionsPerOrigin);
  }

  send(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<SendResult> {
    return sendWebhook(url, headers, body, timeoutMs, this.config.responseBodyLimitBytes, this.agent);
  }

  /** Closes the connection pools; called by the consumer after it drained, not by Nest in parallel with it. */
  async close(): Promise<void> {
    await this.agent.close();
  }
}
