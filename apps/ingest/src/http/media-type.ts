/**
 * The HTTP door takes JSON only: `application/json`, optionally with
 * `charset=utf-8` (JSON is UTF-8, RFC 8259). Anything else (text/plain, XML,
 * multipart, none) is refused before the body is read, with 415.
 */
export function isJsonMediaType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const [type, ...parameters] = contentType.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return parameters.every((parameter) => {
    const [name, value] = parameter.split('=').map((p) => p.trim());
    return name !== 'charset' || value === 'utf-8' || value === '"utf-8"';
  });
}
