/**
 * What `npm start` prints about its secrets: where they are kept, never the
 * values. A terminal's scroll-back, a screen share or a pasted log must not
 * carry the admin token or the database password.
 */

/** The URL with its password (if any) replaced by `***`; anything that is not a URL is left as it is. */
export function maskUrlPassword(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return raw;
  }
  if (url.password === '') return raw;
  url.password = '***';
  return url.toString();
}

/** Where the admin token comes from: the environment variable, or the file the stack keeps it in. */
export function adminTokenLocation(fromEnvironment: boolean, tokenFile: string): string {
  return fromEnvironment ? 'from HOOKLINE_ADMIN_TOKEN (your environment)' : `in ${tokenFile}  (TOKEN=$(cat ${tokenFile}))`;
}
