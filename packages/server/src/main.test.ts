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
      PORTICO_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
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

  it('DATABASE_URL without PORTICO_SECRET_KEY', async () => {
    const { code, stderr } = await runServer({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/portico',
      PORTICO_SECRET_KEY: '',
      PORTICO_DATA_DIR: tmp,
      PORT: '0',
    });
    assert.equal(code, 1);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
    assert.match(stderr, /^portico: cannot start: PORTICO_SECRET_KEY is required with DATABASE_URL/);
  });

  it('a malformed PORTICO_SECRET_KEY', async () => {
    const { code, stderr } = await runServer({ PORTICO_SECRET_KEY: 'hunter2', PORTICO_DATA_DIR: tmp, PORT: '0' });
    assert.equal(code, 1);
    assert.match(stderr, /^portico: cannot start: PORTICO_SECRET_KEY must be 32 random bytes in base64/);
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

describe('a running server', () => {
  it('shuts down gracefully on SIGTERM: exit code 0, database closed', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'portico-shutdown-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], {
      env: { ...process.env, LOG_LEVEL: 'info', PORT: '0', HOST: '127.0.0.1', PORTICO_DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const match = /Portico is running at (\S+)/.exec(stderr);
        if (match?.[1]) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
    });
    const health = await fetch(`${url}/healthz`);
    assert.equal(health.status, 200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
    // Structured logs: every stdout line is a JSON object, and the shutdown was logged.
    const lines = stdout.trim().split('\n').filter(Boolean);
    assert.ok(lines.length > 0);
    for (const line of lines) JSON.parse(line);
    assert.ok(lines.some((line) => JSON.parse(line).msg === 'shutting down'));
    await rm(dataDir, { recursive: true, force: true });
  });
});

describe('startServer', () => {
  it('loads the HTML sanitiser (jsdom) right after it listens, off the start path', async () => {
    const { startServer } = await import('./main.ts');
    const { htmlSanitizerLoaded } = await import('./html/sanitize.ts');
    assert.equal(htmlSanitizerLoaded(), false, 'nothing loaded it yet in this process');
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'portico-start-'));
    const server = await startServer({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      database: { kind: 'memory' },
      assetsDir: path.join(dataDir, 'dist'),
      publicUrl: 'http://localhost',
      logLevel: 'silent',
      trustProxy: false,
      demo: false,
      demoRemote: false,
      webhooksAllowPrivate: false,
    });
    try {
      assert.equal(htmlSanitizerLoaded(), false, 'not loaded before listening');
      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
      for (let waited = 0; !htmlSanitizerLoaded() && waited < 30_000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assert.equal(htmlSanitizerLoaded(), true, 'loaded in the background once listening');
    } finally {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('start banner', () => {
  it('with PORTICO_DEMO=off on a database seeded once, mints no demo link and no demo API key', async () => {
    const { bannerLinks, startServer } = await import('./main.ts');
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'portico-banner-'));
    const config = {
      port: 0,
      host: '127.0.0.1',
      dataDir,
      database: { kind: 'memory' as const },
      assetsDir: path.join(dataDir, 'dist'),
      publicUrl: 'http://localhost',
      logLevel: 'silent',
      trustProxy: false,
      demo: true,
      demoRemote: false,
      webhooksAllowPrivate: false,
    };
    const server = await startServer(config);
    try {
      const db = server.database.db;
      const keys = async () => (await db.selectFrom('api_keys').select('id').execute()).length;
      const tokens = async () => (await db.selectFrom('signing_keys').select('id').execute()).length;
      const [keysBefore, tokensBefore] = [await keys(), await tokens()];
      const off = await bannerLinks(server, server.url, false);
      assert.equal(await keys(), keysBefore, 'no demo API key made');
      assert.doesNotMatch(off.join('\n'), /#token=|Demo API key|demo-site|\/demo\//);
      assert.equal(await tokens(), tokensBefore);
      const on = await bannerLinks(server, server.url, true);
      assert.match(on.join('\n'), /Demo API key: +pk_/);
      // The first demo customer reads German; the banner's link opens in the merchant's default language.
      assert.match(on.join('\n'), /\/demo\/portal\?language=en#token=/);
      assert.match(on.join('\n'), /Playground: +http:\/\/localhost:\d+\/demo-site\/playground\.html/);
      assert.equal(await keys(), keysBefore + 1);
    } finally {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
