import { PorticoSignup } from './signup/signup.ts';

export { PorticoSignup };
if (!customElements.get('portico-signup')) customElements.define('portico-signup', PorticoSignup);

declare global {
  interface HTMLElementTagNameMap {
    'portico-signup': PorticoSignup;
  }
}
