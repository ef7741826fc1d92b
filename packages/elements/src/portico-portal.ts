// The portal's module: registers <portico-portal>; it loads and registers its sections when they are opened.
import './shared/language-picker/portico-language-picker.ts';
import { define } from './base/define.ts';
import { useMessagesOf } from './i18n/localization.ts';
import { PorticoPortal } from './portal/portal.ts';

export { PorticoPortal };
useMessagesOf('portal');
define('portico-portal', PorticoPortal);

declare global {
  interface HTMLElementTagNameMap {
    'portico-portal': PorticoPortal;
  }
}
