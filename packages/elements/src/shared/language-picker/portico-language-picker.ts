import { define } from '../../base/define.ts';
import { PorticoLanguagePicker } from './language-picker.ts';

export { PorticoLanguagePicker };
define('portico-language-picker', PorticoLanguagePicker);

declare global {
  interface HTMLElementTagNameMap {
    'portico-language-picker': PorticoLanguagePicker;
  }
}
