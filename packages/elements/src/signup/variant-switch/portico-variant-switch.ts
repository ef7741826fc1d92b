import { define } from '../../base/define.ts';
import { PorticoVariantSwitch } from './variant-switch.ts';

export { PorticoVariantSwitch };
define('portico-variant-switch', PorticoVariantSwitch);

declare global {
  interface HTMLElementTagNameMap {
    'portico-variant-switch': PorticoVariantSwitch;
  }
}
