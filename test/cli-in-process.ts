// The CLI run in this process (no bundle): `check … --format json`, its exit code, report and stderr.
import { Writable } from 'node:stream';
import { main } from '../src/cli.js';

const sink = (append: (text: string) => void) =>
  new Writable({
    write(chunk, _encoding, done) {
      append(String(chunk));
      done();
    },
  }) as unknown as typeof process.stdout;

export async function checkJson<Report>(cwd: string, args: readonly string[]): Promise<{ code: number; report: Report; stderr: string }> {
  let out = '';
  let err = '';
  const code = await main(['check', ...args, '--format', 'json'], { stdout: sink((text) => (out += text)), stderr: sink((text) => (err += text)), cwd });
  return { code, report: JSON.parse(out || '{}') as Report, stderr: err };
}
