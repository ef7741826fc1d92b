import { expect, fixture, html } from '@open-wc/testing';
import '../portico-signup.ts';
import '../portico-portal.ts';
import type { PorticoSignup } from '../signup/signup.ts';
import type { PorticoPortal } from '../portal/portal.ts';
import { porticoFixtures, useTheme } from '../testing/fixtures.ts';
import { until } from '../testing/dom.ts';
import { messageId } from './overrides.ts';

/** The text of an element and every shadow root below it. */
function deepText(node: Node): string {
  let text = '';
  if (node instanceof Element && node.shadowRoot) text += deepText(node.shadowRoot);
  for (const child of node.childNodes) text += child.nodeType === Node.TEXT_NODE ? child.textContent : deepText(child);
  return text;
}

/** Every element below a node, across shadow roots. */
function deepElements(node: Node): Element[] {
  const found: Element[] = [];
  const walk = (parent: Node) => {
    if (parent instanceof Element && parent.shadowRoot) walk(parent.shadowRoot);
    for (const child of parent.childNodes) {
      if (child instanceof Element) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(node);
  return found;
}

async function signup(lang: string, strings: Record<string, string> = {}): Promise<PorticoSignup> {
  const { tenant, signupVariantId } = await porticoFixtures();
  const el = await fixture<PorticoSignup>(
    html`<portico-signup
      tenant=${tenant}
      plan-variant=${signupVariantId}
      lang=${lang}
      .strings=${strings}
    ></portico-signup>`,
  );
  await until(() => !!el.shadowRoot!.querySelector('form'), 'the signup form');
  await until(
    () => !!el.shadowRoot!.querySelector('portico-payment')?.shadowRoot,
    'the payment section (rendered last)',
  );
  return el;
}

describe('replacement texts (strings and tenant overrides)', () => {
  before(() => useTheme('light'));

  it('replaces a message by id and by English text, in English and then in German', async () => {
    const el = await signup('en', { s8487153a89cc0524: 'About you', 'Payment method': 'How you pay' });
    await until(() => deepText(el).includes('About you'), 'the replaced heading');
    await expect(el).to.be.accessible();
    const text = deepText(el);
    expect(text).to.contain('How you pay');
    expect(text).not.to.contain('Your details');
    expect(text).not.to.contain('Payment method');

    // The property holds texts for the language shown: after a switch to German they still apply…
    el.lang = 'de';
    await until(() => deepText(el).includes('Zahlungsart') || deepText(el).includes('Optionen'), 'German');
    await until(() => deepText(el).includes('About you'), 'the replacement in German');
    // …and German texts for German replace them without a reload.
    el.strings = { 'Your details': 'Über Sie', s3a150c77a8d32372: 'So bezahlen Sie' };
    await until(() => deepText(el).includes('Über Sie'), 'the German replacement');
    await expect(el).to.be.accessible();
    expect(deepText(el)).to.contain('So bezahlen Sie');
    expect(deepText(el)).not.to.contain('Ihre Angaben');
    expect(deepText(el)).not.to.contain('About you');

    // Removing the replacements brings back the translation.
    el.strings = {};
    await until(() => deepText(el).includes('Ihre Angaben'), 'the German translation again');
  });

  it("shows the tenant's replacement from the server per language, and the page's strings win over it", async () => {
    const el = await signup('en');
    await until(() => deepText(el).includes('Your subscription at a glance'), "the tenant's English text");
    await expect(el).to.be.accessible();
    expect(deepText(el)).not.to.contain('Order summary');

    el.lang = 'de';
    await until(() => deepText(el).includes('Ihr Abo auf einen Blick'), "the tenant's German text");
    expect(deepText(el)).not.to.contain('Bestellübersicht');

    el.strings = { 'Order summary': 'Zusammenfassung' };
    await until(() => deepText(el).includes('Zusammenfassung'), "the page's text");
    expect(deepText(el)).not.to.contain('Ihr Abo auf einen Blick');
  });

  it('takes the strings as a JSON attribute too', async () => {
    const { tenant, signupVariantId } = await porticoFixtures();
    const el = await fixture<PorticoSignup>(
      html`<portico-signup
        tenant=${tenant}
        plan-variant=${signupVariantId}
        lang="en"
        strings='{"Your details":"Tell us about you"}'
      ></portico-signup>`,
    );
    await until(() => deepText(el).includes('Tell us about you'), 'the text from the attribute');
    await expect(el).to.be.accessible();
    expect(el.strings).to.deep.equal({ 'Your details': 'Tell us about you' });
  });

  it('renders a replacement as plain text, never as HTML', async () => {
    const el = await signup('en', { 'Your details': '<img src=x onerror="window.hacked=1"><b>Bold</b>' });
    await until(() => deepText(el).includes('<b>Bold</b>'), 'the literal text');
    await expect(el).to.be.accessible();
    expect(deepElements(el).some((node) => node.localName === 'b' || node.localName === 'img')).to.equal(false);
    expect((window as { hacked?: number }).hacked).to.equal(undefined);
  });

  it("puts a message's values where {0} stands; in a message without values {3} stays as written", async () => {
    const { tenant, portalToken } = await porticoFixtures();
    const el = await fixture<PorticoPortal>(
      html`<portico-portal
        lang="en"
        tenant=${tenant}
        .token=${portalToken}
        .strings=${{ 'Signed in until {0}.': 'Access open until {0} (server time)', 'Sign out': 'Leave {3}' }}
      ></portico-portal>`,
    );
    await until(() => deepText(el).includes('Access open until'), 'the replaced expiry');
    await expect(el).to.be.accessible();
    const expiry = el.shadowRoot!.querySelector('.expiry')!.textContent!;
    expect(expiry).to.match(/^Access open until .*\d.* \(server time\)$/);
    expect(expiry).not.to.contain('{0}');
    // "Sign out" has no values: its text is shown as written.
    expect(el.shadowRoot!.querySelector('.logout')!.textContent).to.contain('Leave {3}');
    expect(messageId('Signed in until {0}.')).to.equal('s7db032d69fc362a0');
  });

  it('warns about and ignores a placeholder the message does not have', async () => {
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
    try {
      const { tenant, portalToken } = await porticoFixtures();
      const el = await fixture<PorticoPortal>(
        html`<portico-portal
          lang="de"
          tenant=${tenant}
          .token=${portalToken}
          .strings=${{ s7db032d69fc362a0: 'Offen bis {1}' }}
        ></portico-portal>`,
      );
      await until(() => deepText(el).includes('Angemeldet bis'), 'the German translation');
      await expect(el).to.be.accessible();
      expect(deepText(el)).not.to.contain('Offen bis');
      expect(warnings.join('\n')).to.contain('"{1}" is not a value of this message');
    } finally {
      console.warn = warn;
    }
  });
});
