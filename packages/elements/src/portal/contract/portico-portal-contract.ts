import { define } from '../../base/define.ts';
import { PorticoPortalContract } from './contract.ts';

export { PorticoPortalContract };
define('portico-portal-contract', PorticoPortalContract);

declare global {
  interface HTMLElementTagNameMap {
    'portico-portal-contract': PorticoPortalContract;
  }
}
