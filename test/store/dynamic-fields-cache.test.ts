import { expect } from 'chai';
import { makeTempDataDir, type TempDataDir } from './temp-data-dir.js';

describe('store: dynamic fields cache', () => {
  let temp: TempDataDir;
  let clock: number;
  beforeEach(() => {
    temp = makeTempDataDir();
    clock = 1_000_000;
  });
  afterEach(() => temp.cleanup());

  const openWithClock = () => temp.open({ now: () => clock });
  const fields = { inputs: { priority: { type: 'text' } } };

  it('returns a cached value until its TTL passes', () => {
    const store = openWithClock();
    const c = store.connections.create('acme', 'main', {}, []);
    expect(store.dynamicFieldsCache.get(c.id, 'create_ticket', { project: 'A' })).to.equal(undefined);
    expect(store.dynamicFieldsCache.put(c.id, 'create_ticket', { project: 'A' }, fields, 60_000)).to.equal(true);
    clock += 59_999;
    expect(store.dynamicFieldsCache.get(c.id, 'create_ticket', { project: 'A' })).to.deep.equal(fields);
    clock += 1;
    expect(store.dynamicFieldsCache.get(c.id, 'create_ticket', { project: 'A' })).to.equal(undefined);
  });

  it('keys entries by connection, card and options, ignoring option key order', () => {
    const store = openWithClock();
    const a = store.connections.create('acme', 'a', {}, []);
    const b = store.connections.create('acme', 'b', {}, []);
    store.dynamicFieldsCache.put(a.id, 'card', { x: 1, y: { p: 1, q: 2 } }, 'first', 1000);
    expect(store.dynamicFieldsCache.get(a.id, 'card', { y: { q: 2, p: 1 }, x: 1 })).to.equal('first');
    expect(store.dynamicFieldsCache.get(a.id, 'card', { x: 2, y: { p: 1, q: 2 } })).to.equal(undefined);
    expect(store.dynamicFieldsCache.get(a.id, 'other', { x: 1, y: { p: 1, q: 2 } })).to.equal(undefined);
    expect(store.dynamicFieldsCache.get(b.id, 'card', { x: 1, y: { p: 1, q: 2 } })).to.equal(undefined);
    store.dynamicFieldsCache.put(a.id, 'card', { x: 1, y: { p: 1, q: 2 } }, 'second', 1000);
    expect(store.dynamicFieldsCache.get(a.id, 'card', { x: 1, y: { q: 2, p: 1 } })).to.equal('second');
  });

  it('drops entries on invalidate and with their connection', () => {
    const store = openWithClock();
    const c = store.connections.create('acme', 'main', {}, []);
    store.dynamicFieldsCache.put(c.id, 'card', {}, fields, 1000);
    store.dynamicFieldsCache.invalidate(c.id);
    expect(store.dynamicFieldsCache.get(c.id, 'card', {})).to.equal(undefined);
    store.dynamicFieldsCache.put(c.id, 'card', {}, fields, 1000);
    store.connections.delete(c.id);
    expect(store.dynamicFieldsCache.get(c.id, 'card', {})).to.equal(undefined);
    // Caching for a connection that no longer exists is a no-op, not an error.
    expect(store.dynamicFieldsCache.put(c.id, 'card', {}, fields, 1000)).to.equal(false);
  });

  it('refuses to cache values over 1 MiB or with no positive TTL', () => {
    const store = openWithClock();
    const c = store.connections.create('acme', 'main', {}, []);
    expect(store.dynamicFieldsCache.put(c.id, 'card', {}, 'x'.repeat(1024 * 1024 + 1), 1000)).to.equal(false);
    expect(store.dynamicFieldsCache.put(c.id, 'card', {}, fields, 0)).to.equal(false);
    expect(store.dynamicFieldsCache.get(c.id, 'card', {})).to.equal(undefined);
  });
});
