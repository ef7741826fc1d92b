import { expect, fixture, html } from '@open-wc/testing';
import '../portico-portal.ts';
import type { PorticoPortal } from './portal.ts';
import { takeTokenFromLocation } from './token.ts';
import { useTheme } from '../testing/fixtures.ts';

describe('<portico-portal>', () => {
  before(() => useTheme('light'));

  it('explains how to open the portal when there is no token', async () => {
    const el = await fixture<PorticoPortal>(html`<portico-portal tenant="demo"></portico-portal>`);
    await expect(el).to.be.accessible();
    expect(el.shadowRoot!.textContent).to.contain('link in your invoice e-mail');
  });

  it('takes the token from the address bar and removes it', () => {
    const before = window.location.href;
    history.replaceState(null, '', `${window.location.pathname}?keep=1#token=abc.def.ghi`);
    try {
      expect(takeTokenFromLocation()).to.equal('abc.def.ghi');
      expect(window.location.hash).to.equal('');
      expect(window.location.search).to.equal('?keep=1');
      expect(takeTokenFromLocation()).to.equal(null);
    } finally {
      history.replaceState(null, '', before);
    }
  });
});
