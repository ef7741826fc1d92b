import { expect } from '@open-wc/testing';
import { clockSkew, openSession } from './client.ts';
import { porticoFixtures } from '../testing/fixtures.ts';

describe('portal client', () => {
  it('measures how far the server’s clock is off, ignoring what the Date header cannot resolve', () => {
    const now = Date.parse('2030-01-01T12:00:00Z');
    expect(clockSkew(null, now, now)).to.equal(0);
    expect(clockSkew('not a date', now, now)).to.equal(0);
    expect(clockSkew('Tue, 01 Jan 2030 12:00:02 GMT', now, now + 200)).to.equal(0);
    expect(clockSkew('Tue, 01 Jan 2030 12:05:00 GMT', now, now + 200)).to.equal(300_400);
    expect(clockSkew('Tue, 01 Jan 2030 11:59:00 GMT', now, now)).to.equal(-59_500);
  });

  it('exchanges a token for a session, and refuses a bad token with a code the portal understands', async () => {
    const { tenant, portalToken } = await porticoFixtures();
    const { session, clockSkewMs } = await openSession('', tenant, portalToken);
    expect(session.sessionToken).to.be.a('string');
    expect(Date.parse(session.expiresAt)).to.be.at.most(Date.parse(session.maxExpiresAt));
    expect(clockSkewMs).to.equal(0);
    const refused = await openSession('', tenant, 'abc').catch((error: unknown) => error);
    expect(refused).to.include({ status: 401, code: 'token_invalid' });
  });
});
