import type { InputEvent, RejectionReason } from '@hookline/contracts';
import { readInputJson, type InputLimits } from './input-json.reader';

export type ParsedInput =
  { readonly ok: true; readonly event: InputEvent } | { readonly ok: false; readonly reason: RejectionReason; readonly message: string };

const reject = (reason: RejectionReason, message: string): ParsedInput => ({ ok: false, reason, message });

/**
 * Reads untrusted bytes (bounded: see `readInputJson`) and checks the shape of
 * an input event. Both doors (Kafka and HTTP) use it, so they reject the same
 * inputs with the same codes.
 */
export function parseInputEvent(bytes: Buffer | null, limits: InputLimits): ParsedInput {
  const json = readInputJson(bytes, limits);
  return json.ok ? validateInputObject(json.value) : json;
}

/** The shape checks alone, for a value `readInputJson` produced. */
export function validateInputObject(value: unknown): ParsedInput {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return reject('not_an_object', 'the event must be a JSON object');
  }
  const input = value as Record<string, unknown>;
  if (typeof input.type !== 'string' || input.type.trim() === '') return reject('missing_type', 'type must be a non-empty string');
  if (typeof input.projectId !== 'string' || input.projectId.trim() === '') {
    return reject('missing_project', 'projectId must be a non-empty string');
  }
  if (input.id !== undefined && (typeof input.id !== 'string' || input.id === '' || input.id.length > 256)) {
    return reject('invalid_id', 'id must be a string of 1 to 256 characters');
  }
  if (typeof input.data !== 'object' || input.data === null || Array.isArray(input.data)) {
    return reject('data_not_object', 'data must be a JSON object');
  }
  const createdAt = typeof input.createdAt === 'string' || typeof input.createdAt === 'number' ? input.createdAt : undefined;
  return {
    ok: true,
    event: {
      id: input.id as string | undefined,
      type: input.type,
      projectId: input.projectId,
      data: input.data as Record<string, unknown>,
      createdAt,
    },
  };
}

/** Unix seconds of the event's creation: its own createdAt when it parses, else when it was accepted. */
export function createdAtSeconds(createdAt: string | number | undefined, acceptedAt: Date): number {
  if (typeof createdAt === 'number' && Number.isFinite(createdAt)) return Math.floor(createdAt);
  if (typeof createdAt === 'string') {
    const parsed = Date.parse(createdAt);
    if (!Number.isNaN(parsed)) return Math.floor(parsed / 1000);
  }
  return Math.floor(acceptedAt.getTime() / 1000);
}
