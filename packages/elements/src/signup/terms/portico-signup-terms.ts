import { define } from '../../base/define.ts';
import { PorticoSignupTerms } from './terms.ts';

export { PorticoSignupTerms };
define('portico-signup-terms', PorticoSignupTerms);

declare global {
  interface HTMLElementTagNameMap {
    'portico-signup-terms': PorticoSignupTerms;
  }
}
