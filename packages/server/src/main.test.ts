import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';

/** Runs the real entry point and returns its exit code and what it printed on stderr. */
function runServer(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], {
      env: { ...process.env, LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

describe('bad configuration stops the server with one clear line', () => {
  let tmp: string;
  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'portico-config-'));
  });
  after(() => rm(tmp, { recursive: true, force: true }));

  it('unreachable DATABASE_URL', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const { code, stderr } = await runServer({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/portico',
      PORTICO_DATA_DIR: tmp,
      PORT: '0',
    });
    assert.equal(code, 1);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
    assert.match(
      stderr,
      /^portico: cannot start: cannot connect to the PostgreSQL server at 127\.0\.0\.1:1\/portico \(DATABASE_URL\)/,
    );
  });

  it('unwritable data directory', async () => {
    const file = path.join(tmp, 'a-file');
    await writeFile(file, 'not a directory');
    const { code, stderr } = await runServer({ PORTICO_DATA_DIR: path.join(file, 'data'), PORT: '0' });
    assert.equal(code, 1);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
    assert.match(stderr, /data directory .* is not writable .*PORTICO_DATA_DIR/);
  });

  it('port in use', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '0.0.0.0', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const { code, stderr } = await runServer({
        PORT: String(port),
        PORTICO_DATA_DIR: path.join(tmp, 'port'),
        PORTICO_DEMO: 'off',
      });
      assert.equal(code, 1);
      assert.equal(stderr.trim().split('\n').length, 1, stderr);
      assert.match(stderr, new RegExp(`port ${port} is already in use`));
    } finally {
      blocker.close();
    }
  });

  it('malformed PORT', async () => {
    const { code, stderr } = await runServer({ PORT: 'abc', PORTICO_DATA_DIR: tmp });
    assert.equal(code, 1);
    assert.match(stderr, /^portico: cannot start: PORT must be a whole number/);
  });
});
