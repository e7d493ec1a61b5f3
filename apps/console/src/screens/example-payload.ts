/**
 * An example `data.object` for the catalog page, from the type's JSON Schema
 * when it has one: `example`/`examples`/`default`/`enum`/`const` first, then
 * a placeholder per JSON type. Depth-bounded, so a recursive schema ends.
 */
export function examplePayload(schema: unknown, depth = 0): unknown {
  if (typeof schema !== 'object' || schema === null || depth > 6) return null;
  const s = schema as Record<string, unknown>;
  if ('example' in s) return s.example;
  if (Array.isArray(s.examples) && s.examples.length > 0) return s.examples[0];
  if ('default' in s) return s.default;
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'object': {
      const properties = typeof s.properties === 'object' && s.properties !== null ? (s.properties as Record<string, unknown>) : {};
      return Object.fromEntries(Object.entries(properties).map(([name, property]) => [name, examplePayload(property, depth + 1)]));
    }
    case 'array':
      return [examplePayload(s.items, depth + 1)];
    case 'string':
      return s.format === 'date-time' ? '2026-05-13T12:54:54.719Z' : 'string';
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return true;
    default:
      return s.properties !== undefined ? examplePayload({ ...s, type: 'object' }, depth) : null;
  }
}
