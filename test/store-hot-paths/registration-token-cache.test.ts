// The ingress looks a registration up by token on every delivery; the store answers from memory while nothing
// changed, and never with a stale row: its own writes, another process's writes, and rolled-back transactions.
import { expect } from 'chai';
import type { DesiredRegistration } from '../../src/store/event-store.js';
import { makeTempDataDir, type TempDataDir } from '../store/temp-data-dir.js';
import { randomBytes } from 'node:crypto';

const desired: DesiredRegistration = { flow: 'on_issue', connector: 'github', card: 'issue_opened', connection: 'main', optionsHash: 'h1' };

describe('store: registrations by token', () => {
  let temp: TempDataDir;
  const secretKey = randomBytes(32);
  beforeEach(() => { temp = makeTempDataDir(); });
  afterEach(() => temp.cleanup());

  it('follows its own writes: activation, new output, deregistration, removal', () => {
    const store = temp.open({ secretKey });
    const token = store.registrations.upsertDesired(desired).callbackToken;
    expect(store.registrations.byToken(token)?.status).to.equal('pending');
    store.registrations.markActive('on_issue', { id: 'hook-1', secret: 's1' });
    expect(store.registrations.byToken(token)).to.deep.include({ status: 'active', output: { id: 'hook-1', secret: 's1' } });
    expect(store.registrations.byToken(token), 'asked again').to.deep.include({ output: { id: 'hook-1', secret: 's1' } });
    store.registrations.markActive('on_issue', { id: 'hook-1', secret: 's2' });
    expect(store.registrations.byToken(token)?.output).to.deep.equal({ id: 'hook-1', secret: 's2' });
    store.registrations.markDeregistering('on_issue');
    expect(store.registrations.byToken(token)?.status).to.equal('deregistering');
    store.registrations.remove('on_issue');
    expect(store.registrations.byToken(token)).to.equal(undefined);
  });

  it('sees a change committed by another process (e.g. `runtime deregister`) at the next lookup', () => {
    const service = temp.open({ secretKey });
    const token = service.registrations.upsertDesired(desired).callbackToken;
    service.registrations.markActive('on_issue', { id: 'hook-1' });
    expect(service.registrations.byToken(token)?.status).to.equal('active');
    const cli = temp.open({ secretKey });
    cli.registrations.markDeregistering('on_issue');
    expect(service.registrations.byToken(token)?.status).to.equal('deregistering');
    cli.registrations.remove('on_issue');
    expect(service.registrations.byToken(token)).to.equal(undefined);
  });

  it('never remembers a row of a transaction that was rolled back', () => {
    const store = temp.open({ secretKey });
    const token = store.registrations.upsertDesired(desired).callbackToken;
    store.registrations.markActive('on_issue', { id: 'kept' });
    expect(store.registrations.byToken(token)?.output).to.deep.equal({ id: 'kept' });
    expect(() => store.transaction(() => {
      store.registrations.markActive('on_issue', { id: 'rolled-back' });
      expect(store.registrations.byToken(token)?.output).to.deep.equal({ id: 'rolled-back' });
      throw new Error('abort');
    })).to.throw('abort');
    expect(store.registrations.byToken(token)?.output).to.deep.equal({ id: 'kept' });
  });

  it('hands out a registration no caller can change for the next one', () => {
    const store = temp.open({ secretKey });
    const token = store.registrations.upsertDesired(desired).callbackToken;
    store.registrations.markActive('on_issue', { id: 'hook-1', nested: { secret: 's' } });
    const first = store.registrations.byToken(token)!;
    expect(() => { (first.output as { nested: { secret: string } }).nested.secret = 'changed'; }).to.throw(TypeError);
    expect(store.registrations.byToken(token)?.output).to.deep.equal({ id: 'hook-1', nested: { secret: 's' } });
  });
});
