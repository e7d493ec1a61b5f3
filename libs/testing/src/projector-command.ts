import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../../tools/local-stack/repo-root';

/** Runs `projector check|rebuild` from the build as an operator would, against one prefix and database. */
export function projectorCommand(command: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const root = repoRoot(__dirname);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'dist/apps/projector/src/main.js'), command], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}
