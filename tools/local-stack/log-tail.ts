import { readFileSync } from 'node:fs';

/** The last lines of a log file, for error messages: a failed start should say why without a hunt for the log. */
export function logTail(file: string, lines = 30): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return `(no log at ${file})`;
  }
  const tail = text.trimEnd().split('\n').slice(-lines).join('\n');
  return `--- last ${lines} lines of ${file} ---\n${tail}`;
}
