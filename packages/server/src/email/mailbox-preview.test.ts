import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { mailboxWith } from '../testing/mailbox.ts';
import { devMailboxRoutes, linkedText, previewDocument } from './dev-mailbox.ts';

const portal = 'http://localhost:8080/demo/portal?language=en#token=eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2ln';

const mailbox = mailboxWith({
  subject: 'Your portal',
  text: `Open your portal: ${portal}.\nOr <b>not</b>: https://example.com/a?x=1&y=2`,
  html: `<html><head><title>x</title></head><body><a href="${portal}">Open the customer portal</a></body></html>`,
});

describe('the development mailbox: links in a message open in a new top-level tab', () => {
  let app: FastifyInstance;
  before(async () => {
    app = Fastify();
    await app.register(devMailboxRoutes, { prefix: '/dev', mailbox });
  });
  after(() => app.close());

  it('frames the HTML part so that its links leave the sandbox in a new tab (the portal cannot run inside it)', async () => {
    const view = await app.inject('/dev/mailbox/1');
    const frame = /<iframe ([^>]*)>/.exec(view.body)?.[1] ?? '';
    assert.match(frame, /\bsandbox="allow-popups allow-popups-to-escape-sandbox"/);
    assert.doesNotMatch(frame, /allow-scripts|allow-same-origin/, 'the e-mail itself still runs nothing');
    const srcdoc = /srcdoc="([^"]*)"/.exec(frame)?.[1] ?? '';
    assert.match(srcdoc, /^&#60;html&#62;&#60;head&#62;&#60;base target=&#34;_blank&#34;&#62;&#60;title&#62;/);
  });

  it('puts <base target="_blank"> into the head, or before a fragment without one', () => {
    assert.equal(previewDocument('<HEAD lang="en"><p>x'), '<HEAD lang="en"><base target="_blank"><p>x');
    assert.equal(previewDocument('<p>x</p>'), '<base target="_blank"><p>x</p>');
    assert.equal(previewDocument('<header>x</header>'), '<base target="_blank"><header>x</header>');
  });

  it('makes the plain-text part clickable: every http(s) address a link to a new tab, the rest escaped', async () => {
    const view = await app.inject('/dev/mailbox/1');
    const text = /<pre>([\s\S]*?)<\/pre>/.exec(view.body)?.[1] ?? '';
    assert.ok(text.includes(`<a href="${portal}" target="_blank" rel="noopener">${portal}</a>.`), text);
    assert.ok(text.includes('&#60;b&#62;not&#60;/b&#62;'), 'markup in the text stays text');
    assert.ok(
      text.includes('<a href="https://example.com/a?x=1&#38;y=2" target="_blank" rel="noopener">'),
      'the address is escaped in the attribute',
    );
    assert.equal(linkedText('see "javascript:alert(1)" and ftp://x'), 'see &#34;javascript:alert(1)&#34; and ftp://x');
    assert.equal(
      linkedText('https://a.example/"onmouseover=x'),
      '<a href="https://a.example/" target="_blank" rel="noopener">https://a.example/</a>&#34;onmouseover=x',
    );
  });

  it('wraps long lines and addresses in the text part', async () => {
    const view = await app.inject('/dev/mailbox/1');
    assert.match(view.body, /pre\{white-space:pre-wrap;overflow-wrap:anywhere;/);
  });
});
