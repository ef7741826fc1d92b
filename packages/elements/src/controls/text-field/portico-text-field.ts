import { define } from '../../base/define.ts';
import { PorticoTextField } from './text-field.ts';

export { PorticoTextField };
define('portico-text-field', PorticoTextField);

declare global {
  interface HTMLElementTagNameMap {
    'portico-text-field': PorticoTextField;
  }
}
