import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

export interface AxeResult {
  violations: AxeViolation[];
  /** How many nodes passed each rule, by rule id (`color-contrast`: how much text axe could measure). */
  passed: Record<string, number>;
}

/**
 * Runs axe-core (from node_modules) on the page and its frames, shadow roots included: every rule (WCAG 2.2 target
 * size included), or those with one of `tags` (e.g. `wcag2aa`). The violations list one line per node.
 */
export async function runAxe(page: Page, { tags }: { tags?: string[] } = {}): Promise<AxeResult> {
  // Evaluated through the DevTools protocol, not added as a <script>: the pages' CSP (script-src 'self' and nonces)
  // rightly blocks an inline script, and the test must not weaken it.
  for (const frame of page.frames()) await frame.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    interface Rule {
      id: string;
      impact: string | null;
      help: string;
      nodes: Array<{ target: unknown[]; failureSummary?: string }>;
    }
    const axe = (
      window as unknown as {
        axe: { run(context: Document, options: object): Promise<{ violations: Rule[]; passes: Rule[] }> };
      }
    ).axe;
    // WCAG 2.2's target size (2.5.8, AA) is off in axe by default; Portico is held to it.
    const rules = { 'target-size': { enabled: true } };
    const result = await axe.run(document, tags ? { runOnly: { type: 'tag', values: tags }, rules } : { rules });
    return {
      violations: result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => `${JSON.stringify(n.target)}: ${n.failureSummary ?? ''}`),
      })),
      passed: Object.fromEntries(result.passes.map((rule) => [rule.id, rule.nodes.length])),
    };
  }, tags);
}

/** The violations of every axe rule on the page and its frames. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  return (await runAxe(page)).violations;
}
