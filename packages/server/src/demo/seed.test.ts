import assert from 'node:assert/strict';
import { it } from 'node:test';
import { addDays } from '../billing/dates.ts';
import { runBilling } from '../billing/recurring.ts';
import { seedDemo } from './seed.ts';
import { scoped } from '../db/tenant.ts';
import { describeEachDatabase } from '../db/testing.ts';

describeEachDatabase('demo seed', (database) => {
  it("bills each running contract's plan and quantity/on-off components as a billing run would", async () => {
    await seedDemo(database().db, { now: new Date('2026-03-10T12:00:00Z') });
    const demo = scoped(database().db, 'demo');
    const contracts = await demo
      .selectFrom('contracts')
      .innerJoin('plan_variants', 'plan_variants.id', 'contracts.plan_variant_id')
      .where('contracts.status', '=', 'active')
      .select(['contracts.id', 'contract_number', 'current_period_end', 'billing_period_months'])
      .orderBy('contract_number')
      .execute();
    // The yearly contract is the one where a price per month and a price per period differ.
    assert.ok(contracts.some((c) => c.billing_period_months === 12));
    const inAdvance = (invoiceId: string) =>
      demo
        .selectFrom('invoice_lines')
        .leftJoin('components', 'components.id', 'invoice_lines.component_id')
        .where('invoice_lines.invoice_id', '=', invoiceId)
        .where((eb) => eb.or([eb('invoice_lines.component_id', 'is', null), eb('components.kind', '!=', 'metered')]))
        .select([
          'invoice_lines.description',
          'invoice_lines.component_id',
          'invoice_lines.quantity',
          'invoice_lines.unit_price_cents',
          'invoice_lines.amount_cents',
        ])
        .orderBy('invoice_lines.position')
        .execute()
        .then((lines) => lines.map((line) => ({ ...line, quantity: Number(line.quantity) })));
    const seeded = await Promise.all(
      contracts.map((contract) =>
        demo
          .selectFrom('invoices')
          .where('contract_id', '=', contract.id)
          .where('kind', '=', 'invoice')
          .selectAll()
          .orderBy('issue_date', 'desc')
          .executeTakeFirstOrThrow(),
      ),
    );

    // The run bills each contract's next period: same prices, same quantities.
    const latest = contracts
      .map((c) => addDays(c.current_period_end, 1))
      .sort()
      .at(-1)!;
    const issued = await runBilling(database().db, 'demo', latest);
    for (const [index, contract] of contracts.entries()) {
      const next = issued.find(
        (i) => i.contractId === contract.id && i.periodStart === addDays(contract.current_period_end, 1),
      );
      assert.ok(next, `contract ${contract.contract_number} was billed for its next period`);
      const billed = await demo.selectFrom('invoices').where('id', '=', next.id).selectAll().executeTakeFirstOrThrow();
      const seededLines = await inAdvance(seeded[index]!.id);
      assert.ok(seededLines.length >= 2, 'the seeded invoice has the plan and at least one component');
      assert.deepEqual(seededLines, await inAdvance(billed.id), `contract ${contract.contract_number}`);
      assert.deepEqual(
        [seeded[index]!.tax_rate_basis_points, seeded[index]!.reverse_charge],
        [billed.tax_rate_basis_points, billed.reverse_charge],
      );
    }
  });
});
