import { define } from '../../base/define.ts';
import { PorticoQuantityStepper } from './quantity-stepper.ts';

export { PorticoQuantityStepper };
define('portico-quantity-stepper', PorticoQuantityStepper);

declare global {
  interface HTMLElementTagNameMap {
    'portico-quantity-stepper': PorticoQuantityStepper;
  }
}
