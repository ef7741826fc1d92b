import { expect } from '@open-wc/testing';
import { NewestAnswer, overtaken } from './newest-answer.ts';

/** A request whose answer (or failure) the test gives when it wants, and the signal it was run with. */
function pending<T>() {
  let answer!: (value: T) => void;
  let fail!: (error: unknown) => void;
  let signal: AbortSignal | undefined;
  const promise = new Promise<T>((resolve, reject) => {
    answer = resolve;
    fail = reject;
  });
  const request = (given: AbortSignal) => {
    signal = given;
    return promise;
  };
  return { request, answer, fail, signal: () => signal! };
}

describe('NewestAnswer', () => {
  it('keeps the newest answer when an older one arrives later, and aborts the older request', async () => {
    const newest = new NewestAnswer();
    const first = pending<string>();
    const second = pending<string>();
    const firstRun = newest.run(first.request);
    const secondRun = newest.run(second.request);
    expect(first.signal().aborted, 'the older request is aborted').to.equal(true);
    second.answer('new');
    first.answer('old');
    expect(await secondRun).to.equal('new');
    expect(await firstRun).to.equal(overtaken);
    expect(second.signal().aborted).to.equal(false);
  });

  it('hands on the newest run’s failure and drops an overtaken one’s', async () => {
    const newest = new NewestAnswer();
    const first = pending<string>();
    const firstRun = newest.run(first.request);
    const second = pending<string>();
    const secondRun = newest.run(second.request);
    first.fail(new Error('old failure'));
    second.fail(new Error('new failure'));
    expect(await firstRun).to.equal(overtaken);
    const failure = await secondRun.catch((error: unknown) => error);
    expect((failure as Error).message).to.equal('new failure');
  });

  it('answers a run that nothing overtook, also after an earlier run ended', async () => {
    const newest = new NewestAnswer();
    expect(await newest.run(async () => 1)).to.equal(1);
    expect(await newest.run(async () => 2)).to.equal(2);
  });

  it('drops the answer under way on drop() (e.g. a save answered with newer data)', async () => {
    const newest = new NewestAnswer();
    const load = pending<string>();
    const run = newest.run(load.request);
    newest.drop();
    load.answer('before the save');
    expect(await run).to.equal(overtaken);
    expect(load.signal().aborted).to.equal(true);
  });
});
