// The portal's module: registers <portico-portal>; it loads and registers its sections when they are opened.
import './shared/language-picker/portico-language-picker.ts';
import { define } from './base/define.ts';
import { PorticoPortal } from './portal/portal.ts';

export { PorticoPortal };
define('portico-portal', PorticoPortal);

declare global {
  interface HTMLElementTagNameMap {
    'portico-portal': PorticoPortal;
  }
}
