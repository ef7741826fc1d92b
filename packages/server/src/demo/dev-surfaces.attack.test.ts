import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { mailboxWith } from '../testing/mailbox.ts';
import { loadConfig } from '../config/config.ts';
import { testApp } from '../testing/app.ts';
import { describeEachDemoDatabase } from './testing.ts';

/** A mailbox holding one e-mail with a live-looking portal link, as the development mailbox would. */
const mailbox = mailboxWith({
  subject: 'Your portal link',
  text: 'Open http://localhost:8080/demo/portal#token=secret',
  html: null,
});

const REMOTE = '203.0.113.7';
const SURFACES = ['/demo-site/config.json', '/demo-site/index.html', '/dev/mailbox', '/dev/mailbox/1'];

describe('attack: reaching the development surfaces from the network — the defaults', () => {
  it('listens on 127.0.0.1 unless HOST is set, and serves them to loopback only unless PORTICO_DEMO_REMOTE', () => {
    assert.equal(loadConfig({}).host, '127.0.0.1');
    assert.equal(loadConfig({ HOST: '0.0.0.0' }).host, '0.0.0.0');
    assert.equal(loadConfig({}).demoRemote, false);
    assert.equal(loadConfig({ PORTICO_DEMO_REMOTE: 'true' }).demoRemote, true);
  });
});

describeEachDemoDatabase('attack: reaching the development surfaces from the network', (database) => {
  let direct: FastifyInstance;
  let proxied: FastifyInstance;
  let opened: FastifyInstance;
  before(async () => {
    direct = await testApp(database(), { demo: true, mailbox });
    proxied = await testApp(database(), { demo: true, mailbox, trustProxy: true });
    opened = await testApp(database(), { demo: true, mailbox, demoRemote: true });
  });
  after(async () => {
    await direct.close();
    await proxied.close();
    await opened.close();
  });

  const status = async (app: FastifyInstance, options: InjectOptions) => (await app.inject(options)).statusCode;

  it('a client on another machine gets 404 for the demo config (a live owner session) and the mailbox', async () => {
    for (const url of SURFACES) {
      const response = await direct.inject({ url, remoteAddress: REMOTE });
      assert.equal(response.statusCode, 404, url);
      assert.equal((response.json() as { error: { code: string } }).error.code, 'not_found');
      assert.doesNotMatch(response.body, /portalToken|token=secret/);
    }
  });

  it('the same requests from this machine are served (IPv4 and IPv6 loopback)', async () => {
    for (const remoteAddress of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      for (const url of SURFACES) assert.equal(await status(direct, { url, remoteAddress }), 200, url);
    }
  });

  it('X-Forwarded-For: 127.0.0.1 does not help a remote client when no proxy is trusted', async () => {
    for (const url of SURFACES) {
      assert.equal(
        await status(direct, { url, remoteAddress: REMOTE, headers: { 'x-forwarded-for': '127.0.0.1' } }),
        404,
        url,
      );
    }
  });

  it('behind a trusted proxy on loopback, a remote client is refused, also when it puts 127.0.0.1 first', async () => {
    for (const url of SURFACES) {
      // The proxy on this machine forwards a client from the network.
      assert.equal(await status(proxied, { url, headers: { 'x-forwarded-for': REMOTE } }), 404, url);
      // The client sent `X-Forwarded-For: 127.0.0.1`; the proxy appended the address it saw.
      assert.equal(await status(proxied, { url, headers: { 'x-forwarded-for': `127.0.0.1, ${REMOTE}` } }), 404, url);
      // A remote socket claiming to forward for loopback.
      const spoof = { url, remoteAddress: REMOTE, headers: { 'x-forwarded-for': '127.0.0.1' } };
      assert.equal(await status(proxied, spoof), 404, url);
    }
  });

  it('behind a trusted proxy, a browser on this machine is served', async () => {
    for (const url of SURFACES) {
      assert.equal(await status(proxied, { url, headers: { 'x-forwarded-for': '127.0.0.1' } }), 200, url);
    }
  });

  it('PORTICO_DEMO_REMOTE opens them to every client (a shared staging box)', async () => {
    for (const url of SURFACES) assert.equal(await status(opened, { url, remoteAddress: REMOTE }), 200, url);
  });

  it('the mailbox is not served with the demo off, not even to this machine', async () => {
    const off = await testApp(database(), { demo: false, mailbox });
    try {
      assert.equal(await status(off, { url: '/dev/mailbox' }), 404);
      assert.equal(await status(off, { url: '/demo-site/config.json' }), 404);
    } finally {
      await off.close();
    }
  });
});
