import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { testApp } from '../testing/app.ts';
import { writeFixtureDist, type FixtureDist } from '../testing/fixture-dist.ts';
import { describeEachDemoDatabase } from '../demo/testing.ts';

const themesDir = path.resolve(import.meta.dirname, '../../../../themes');

describeEachDemoDatabase('public files: precompressed, cached by kind', (database) => {
  let app: FastifyInstance;
  let dist: FixtureDist;

  before(async () => {
    dist = await writeFixtureDist();
    app = await testApp(database(), { assetsDir: dist.dir, themesDir });
  });
  after(async () => {
    await app.close();
    await rm(dist.dir, { recursive: true, force: true });
  });

  const original = (file: string) => readFile(path.join(dist.dir, file));

  it('sends brotli to a client that accepts it, gzip to one that accepts only gzip, the file itself otherwise', async () => {
    for (const file of ['portico-signup.js', 'chunks/lit-Ab12Cd34.js']) {
      const bytes = await original(file);
      const cases = [
        { accept: 'gzip, deflate, br, zstd', encoding: 'br', decode: brotliDecompressSync }, // Chromium's header
        { accept: 'gzip', encoding: 'gzip', decode: gunzipSync },
        { accept: 'br;q=0, gzip;q=1', encoding: 'gzip', decode: gunzipSync },
        { accept: 'identity', encoding: undefined, decode: (b: Buffer) => b },
        { accept: undefined, encoding: undefined, decode: (b: Buffer) => b },
      ];
      for (const { accept, encoding, decode } of cases) {
        const answer = await app.inject({
          url: `/assets/${file}`,
          headers: accept === undefined ? {} : { 'accept-encoding': accept },
        });
        const label = `${file} with Accept-Encoding ${accept}`;
        assert.equal(answer.statusCode, 200, label);
        assert.equal(answer.headers['content-encoding'], encoding, label);
        assert.match(String(answer.headers['content-type']), /^text\/javascript|^application\/javascript/, label);
        assert.match(String(answer.headers.vary), /accept-encoding/i, label);
        assert.equal(answer.headers['access-control-allow-origin'], '*', label);
        if (encoding) assert.ok(answer.rawPayload.length < bytes.length / 2, `${label}: compressed`);
        assert.deepEqual(decode(answer.rawPayload), bytes, `${label}: the decompressed bytes are the file`);
      }
    }
  });

  it('sends a hashed chunk as immutable for a year, in every encoding', async () => {
    for (const accept of ['br', 'gzip', 'identity']) {
      const answer = await app.inject({
        url: '/assets/chunks/field-Ij90Kl12.js',
        headers: { 'accept-encoding': accept },
      });
      assert.equal(answer.headers['cache-control'], 'public, max-age=31536000, immutable', accept);
    }
  });

  it('revalidates an entry point and a theme: no-cache with an ETag, 304 without a body when it still matches', async () => {
    for (const url of ['/assets/portico-signup.js', '/assets/portico-embed.js', '/themes/light.css']) {
      const headers = { 'accept-encoding': 'gzip, deflate, br' };
      const first = await app.inject({ url, headers });
      assert.equal(first.statusCode, 200, url);
      assert.equal(first.headers['cache-control'], 'no-cache', url);
      const etag = first.headers.etag;
      assert.ok(typeof etag === 'string' && etag.length > 2, `${url} has an ETag`);
      const again = await app.inject({ url, headers: { ...headers, 'if-none-match': etag } });
      assert.equal(again.statusCode, 304, url);
      assert.equal(again.rawPayload.length, 0, `${url}: no body`);
      assert.equal(again.headers.etag, etag, url);
      assert.equal(again.headers['cache-control'], 'no-cache', url);
      const stale = await app.inject({ url, headers: { ...headers, 'if-none-match': 'W/"0-0"' } });
      assert.equal(stale.statusCode, 200, `${url}: another ETag gets the file`);
    }
  });

  it('gives each encoding of an entry point its own ETag, so a cache never answers one with the other', async () => {
    const tags = new Set<unknown>();
    for (const accept of ['br', 'gzip', 'identity']) {
      const answer = await app.inject({ url: '/assets/portico-signup.js', headers: { 'accept-encoding': accept } });
      tags.add(answer.headers.etag);
    }
    assert.equal(tags.size, 3);
  });
});
