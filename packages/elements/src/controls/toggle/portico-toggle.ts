import { define } from '../../base/define.ts';
import { PorticoToggle } from './toggle.ts';

export { PorticoToggle };
define('portico-toggle', PorticoToggle);

declare global {
  interface HTMLElementTagNameMap {
    'portico-toggle': PorticoToggle;
  }
}
