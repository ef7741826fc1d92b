import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { executeServerCommand, sendKeys } from '@web/test-runner-commands';
import './portico-toggle.ts';
import { useTheme } from '../../testing/fixtures.ts';
import { formEntries } from '../../testing/dom.ts';
import type { PorticoToggle } from './toggle.ts';

describe('<portico-toggle>', () => {
  before(() => useTheme('light'));

  it('is an accessible, labelled switch', async () => {
    const el = await fixture<PorticoToggle>(
      html`<portico-toggle label="Priority support" hint="€49.00 per month"></portico-toggle>`,
    );
    await expect(el).to.be.accessible();
    const input = el.shadowRoot!.querySelector('input')!;
    expect(input.getAttribute('role')).to.equal('switch');
    expect(input.labels?.[0]?.textContent).to.contain('Priority support');
  });

  it('toggles with the space key and submits its value only when on', async () => {
    const form = await fixture<HTMLFormElement>(
      html`<form><portico-toggle name="support" value="1" label="Priority support"></portico-toggle></form>`,
    );
    const el = form.querySelector('portico-toggle')!;
    expect(formEntries(form)).to.deep.equal({});
    el.focus();
    const changed = oneEvent(el, 'change');
    await sendKeys({ press: 'Space' });
    await changed;
    await el.updateComplete;
    expect(el.checked).to.equal(true);
    expect(formEntries(form)).to.deep.equal({ support: '1' });
    el.shadowRoot!.querySelector('label')!.click();
    await el.updateComplete;
    expect(el.checked).to.equal(false);
    expect(formEntries(form)).to.deep.equal({});
  });

  it('resets to its initial state and shows a server error', async () => {
    const form = await fixture<HTMLFormElement>(
      html`<form>
        <portico-toggle name="support" label="Support" checked .error=${'Not available.'}></portico-toggle>
      </form>`,
    );
    const el = form.querySelector('portico-toggle')!;
    expect(await el.validate()).to.equal(false);
    expect(el.shadowRoot!.getElementById('error')!.textContent).to.contain('Not available.');
    el.shadowRoot!.querySelector('input')!.click();
    expect(await el.validate()).to.equal(true);
    expect(el.checked).to.equal(false);
    form.reset();
    await el.updateComplete;
    expect(el.checked).to.equal(true);
  });

  it('shows whether it is on in forced-colours mode', async () => {
    await executeServerCommand('emulate-forced-colors', { active: true });
    try {
      expect(matchMedia('(forced-colors: active)').matches).to.equal(true);
      const el = await fixture<PorticoToggle>(html`<portico-toggle label="Priority support"></portico-toggle>`);
      const input = el.shadowRoot!.querySelector('input')!;
      const look = () => ({
        track: getComputedStyle(input).backgroundColor,
        knob: getComputedStyle(input, '::before').backgroundColor,
      });
      const off = look();
      expect(off.knob, 'the knob stands out from the track').to.not.equal(off.track);
      el.checked = true;
      await el.updateComplete;
      const on = look();
      expect(on.knob).to.not.equal(on.track);
      expect(on.track, 'on and off look different').to.not.equal(off.track);
      await expect(el).to.be.accessible();
    } finally {
      await executeServerCommand('emulate-forced-colors', { active: false });
    }
  });
});
