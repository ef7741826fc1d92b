import '../../controls/quantity-stepper/portico-quantity-stepper.ts';
import '../../controls/toggle/portico-toggle.ts';
import { define } from '../../base/define.ts';
import { PorticoSignupComponents } from './components.ts';

export { PorticoSignupComponents };
define('portico-signup-components', PorticoSignupComponents);

declare global {
  interface HTMLElementTagNameMap {
    'portico-signup-components': PorticoSignupComponents;
  }
}
