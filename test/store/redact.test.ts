import { expect } from 'chai';
import { REDACTED, capSerialized, isSensitiveKey, redact, redactForRecord } from '../../src/store/redact.js';

const SECRET = 'sk_live_canary_51c0ffee';

describe('store: redact', () => {
  it('replaces every occurrence of a secret inside any string, at any depth', () => {
    const value = {
      url: `https://api.example/v1?key=${SECRET}&again=${SECRET}`,
      nested: { list: ['plain', `prefix ${SECRET} suffix`], n: 3, ok: true, nothing: null },
    };
    expect(redact(value, [SECRET])).to.deep.equal({
      url: `https://api.example/v1?key=${REDACTED}&again=${REDACTED}`,
      nested: { list: ['plain', `prefix ${REDACTED} suffix`], n: 3, ok: true, nothing: null },
    });
  });

  it('also removes URL-encoded forms of a secret, and the longer of two overlapping secrets whole', () => {
    const secret = 'p@ss w/rd+1';
    expect(redact(`a=${encodeURIComponent(secret)}&b=p%40ss+w%2Frd%2B1`, [secret])).to.equal(`a=${REDACTED}&b=${REDACTED}`);
    expect(redact('token abcd-efgh-ijkl', ['abcd', 'abcd-efgh-ijkl'])).to.equal(`token ${REDACTED}`);
  });

  it('ignores secrets shorter than 4 characters', () => {
    expect(redact('a to be or not', ['a', 'to', 'not'])).to.equal('a to be or not');
    expect(redact('name: abcd', ['abcd'])).to.equal(`name: ${REDACTED}`);
  });

  it('redacts values under credential-like keys whatever they hold', () => {
    const value = {
      password: 'hunter2', client_secret: 'x', accessToken: { nested: true }, Authorization: 'Bearer x',
      'X-Api-Key': 'k', apiKey: 'k', 'set-cookie': ['a=b'], refresh_token: 'r', username: 'alice', tokenType: null,
    };
    expect(redact(value, [])).to.deep.equal({
      password: REDACTED, client_secret: REDACTED, accessToken: REDACTED, Authorization: REDACTED,
      'X-Api-Key': REDACTED, apiKey: REDACTED, 'set-cookie': REDACTED, refresh_token: REDACTED, username: 'alice', tokenType: null,
    });
    expect(isSensitiveKey('subject')).to.equal(false);
    expect(isSensitiveKey('Proxy-Authorization')).to.equal(true);
  });

  it('returns JSON-safe data for values JSON cannot hold', () => {
    const circular: Record<string, unknown> = { name: 'loop' };
    circular['self'] = circular;
    const value = {
      circular, big: 10n, buf: Buffer.from('binary'), when: new Date(0), nan: Number.NaN,
      fn: () => 1, undef: undefined, list: [undefined, 1], err: new Error(`failed with ${SECRET}`),
    };
    expect(redact(value, [SECRET])).to.deep.equal({
      circular: { name: 'loop', self: '[Circular]' }, big: '10', buf: '[binary: 6 bytes]', when: '1970-01-01T00:00:00.000Z',
      nan: null, list: [null, 1], err: { name: 'Error', message: `failed with ${REDACTED}` },
    });
  });

  it('keeps a key named __proto__ as data', () => {
    const out = redact(JSON.parse('{"__proto__": {"polluted": true}}'), []) as Record<string, unknown>;
    expect(Object.keys(out)).to.deep.equal(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).to.equal(undefined);
    expect(Object.getPrototypeOf(out)).to.equal(Object.prototype);
  });

  it('caps serialized values: too large becomes {truncated, size, preview}', () => {
    expect(capSerialized({ a: 1 }, 100)).to.equal('{"a":1}');
    const big = { text: 'x'.repeat(70_000) };
    const capped = JSON.parse(capSerialized(big)) as { truncated: boolean; size: number; preview: string };
    expect(capped.truncated).to.equal(true);
    expect(capped.size).to.equal(JSON.stringify(big).length);
    expect(capped.preview).to.equal(JSON.stringify(big).slice(0, 1024));
    // Multi-byte text counts in UTF-8 bytes.
    const wide = JSON.parse(capSerialized('é'.repeat(40), 50)) as { size: number };
    expect(wide.size).to.equal(82);
  });

  it('redacts before capping, so a preview never holds a secret', () => {
    const record = redactForRecord({ head: SECRET, tail: 'y'.repeat(100_000) }, [SECRET]);
    expect(record).not.to.include(SECRET);
    expect((JSON.parse(record) as { preview: string }).preview).to.include(REDACTED);
  });
});
