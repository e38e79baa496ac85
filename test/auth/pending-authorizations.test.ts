import { expect } from 'chai';
import { PendingAuthorizations } from '../../src/auth/pending-authorizations.js';
import { connectorWithAuth, oauth2 } from './connector-fixture.js';

describe('pending authorizations', () => {
  const connector = connectorWithAuth(oauth2({ tokenUrl: 'http://127.0.0.1/token' }));
  const entry = (state: string) => ({ state, redirectUri: 'http://127.0.0.1/oauth/callback', connector, fields: {} });

  it('hands out an entry once', () => {
    const pending = new PendingAuthorizations();
    pending.add(entry('a'));
    expect(pending.take('a')?.state).to.equal('a');
    expect(pending.take('a')).to.equal(undefined);
    expect(pending.take('never')).to.equal(undefined);
    expect(pending.take(['a'])).to.equal(undefined);
  });

  it('forgets entries after ten minutes', () => {
    let now = 1_000_000;
    const pending = new PendingAuthorizations({ now: () => now });
    pending.add(entry('a'));
    pending.add(entry('b'));
    now += 10 * 60_000 - 1;
    expect(pending.take('a')?.state).to.equal('a');
    now += 1;
    expect(pending.take('b')).to.equal(undefined);
    expect(pending.size).to.equal(0);
  });

  it('drops the oldest entries beyond its bound', () => {
    const pending = new PendingAuthorizations({ maxEntries: 3 });
    for (const s of ['a', 'b', 'c', 'd']) pending.add(entry(s));
    expect(pending.size).to.equal(3);
    expect(pending.take('a')).to.equal(undefined);
    expect(pending.take('d')?.state).to.equal('d');
  });
});
