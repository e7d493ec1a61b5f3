/** The JSON body of every delivery request (public contract v1). */
export interface WebhookEnvelope {
  readonly id: string;
  readonly type: string;
  readonly api_version: string;
  readonly created_at: number;
  readonly liveMode: boolean;
  readonly project_id: string;
  readonly data: { readonly object: Record<string, unknown> };
}

export const API_VERSION = '2026-02-04';
