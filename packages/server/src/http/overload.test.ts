import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sustainedPressure } from './overload.ts';

describe('event-loop pressure', () => {
  it('lets a single stall through and refuses a lag that lasts, with a 503', async () => {
    let clock = 0;
    const handler = sustainedPressure({ sustainMs: 3000, gapMs: 2500, now: () => clock });
    await handler(); // the first high sample
    clock = 1000;
    await handler();
    clock = 2000;
    await handler();
    clock = 3000;
    await assert.rejects(handler(), (error: { statusCode?: number }) => error.statusCode === 503);
  });

  it('starts counting again after a pause without pressure', async () => {
    let clock = 0;
    const handler = sustainedPressure({ sustainMs: 3000, gapMs: 2500, now: () => clock });
    await handler();
    clock = 2000;
    await handler();
    clock = 6000; // nothing high for 4 s: a new stall, not a lasting lag
    await handler();
    clock = 8000;
    await handler();
    clock = 9000;
    await assert.rejects(handler());
  });
});
