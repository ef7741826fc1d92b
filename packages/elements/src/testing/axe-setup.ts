// Loaded before every component test file (web-test-runner.config.mjs, testRunnerHtml). axe-core leaves
// WCAG 2.2's "Target Size (Minimum)" (2.5.8, AA) off by default; Portico is held to WCAG 2.2 AA, so every
// `expect(el).to.be.accessible()` checks it too: a pointer target is at least 24 × 24 CSS pixels, or has
// room enough around it.
import 'axe-core/axe.min.js';

interface AxeGlobal {
  configure(spec: { rules: Array<{ id: string; enabled: boolean }> }): void;
}

(window as unknown as { axe: AxeGlobal }).axe.configure({ rules: [{ id: 'target-size', enabled: true }] });
