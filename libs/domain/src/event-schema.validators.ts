import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Compiled JSON-schema validators for event types, compiled once per schema
 * (ajv compilation costs far more than validation) and reused on the hot path.
 * Keyed by the schema's text, so an updated type gets a new validator.
 */
export class EventSchemaValidators {
  private readonly ajv = new Ajv({ allErrors: false, strict: false });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    addFormats(this.ajv);
  }

  /** null when valid, else a short description of the first problem. */
  check(schema: object, data: unknown): string | null {
    const key = JSON.stringify(schema);
    let validate = this.compiled.get(key);
    if (validate === undefined) {
      validate = this.ajv.compile(schema);
      this.compiled.set(key, validate);
    }
    if (validate(data)) return null;
    const [first] = validate.errors ?? [];
    return first === undefined ? 'data does not match the schema' : `data${first.instancePath} ${first.message ?? 'is invalid'}`;
  }
}
