// The pieces a reviewer relies on: the schema is documented like the definition schemas, cassettes are written in
// one stable layout that reads back identically, secrets never survive scrubbing in any encoding, and a signed test
// delivery passes the runtime's own signature check for every scheme.
import { expect } from 'chai';
import type { AnySchemaObject } from 'ajv';
import { definitionAjv } from '../../src/schema/definition-schemas.js';
import { PATTERN_WORDS } from '../../src/schema/value-words.js';
import { compileTemplate } from '../../src/template/compile-template.js';
import type { Template, WebhookVerify } from '../../src/model/model.js';
import { verifySignature } from '../../src/triggers/webhook-verify.js';
import { cassetteText, parseCassette, type Cassette } from '../../src/testing/cassette.js';
import { createSecretScrubber } from '../../src/testing/secret-scrubber.js';
import { signatureHeaders } from '../../src/testing/sign-delivery.js';
import { CONNECTOR_TEST_SCHEMA_ID, connectorTestValidator, readConnectorTestSchema } from '../../src/testing/test-schemas.js';

type Json = Record<string, unknown>;
const DATA_KEYS = new Set(['examples', 'enum', 'const', 'default']);

function* schemaNodes(node: unknown, pointer = ''): Generator<[string, Json]> {
  if (node === null || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) yield* schemaNodes(item, `${pointer}/${i}`);
    return;
  }
  yield [pointer, node as Json];
  for (const [key, value] of Object.entries(node)) if (!DATA_KEYS.has(key)) yield* schemaNodes(value, `${pointer}/${key}`);
}

describe('testing: connector-test.schema.json', () => {
  const doc = readConnectorTestSchema() as Json;
  const nodes = [...schemaNodes(doc)];

  it('has its stable $id, draft 2020-12, and compiles', () => {
    expect(doc.$id).to.equal(CONNECTOR_TEST_SCHEMA_ID);
    expect(doc.$schema).to.equal('https://json-schema.org/draft/2020-12/schema');
    expect(connectorTestValidator()).to.equal(connectorTestValidator());
  });

  it('describes every property, closes every object, names the keys of every map, and uses no combinators', () => {
    const undescribed = nodes.flatMap(([pointer, node]) =>
      Object.entries((node.properties ?? {}) as Record<string, Json>)
        .filter(([, prop]) => typeof prop.description !== 'string' || prop.description.length < 10)
        .map(([key]) => `${pointer}/properties/${key}`),
    );
    expect(undescribed).to.deep.equal([]);
    expect(nodes.filter(([, n]) => n.properties !== undefined && n.additionalProperties !== false).map(([p]) => p)).to.deep.equal([]);
    expect(nodes.filter(([, n]) => n.type === 'object' && n.properties === undefined && n.propertyNames === undefined).map(([p]) => p)).to.deep.equal([]);
    expect(nodes.filter(([, n]) => 'oneOf' in n || 'anyOf' in n || 'allOf' in n).map(([p]) => p)).to.deep.equal([]);
    const patterns = nodes.map(([, n]) => n.pattern).filter((p): p is string => typeof p === 'string');
    expect(patterns.filter((p) => !(p in PATTERN_WORDS))).to.deep.equal([]);
  });

  it('has examples, and every example validates', () => {
    const withExamples = nodes.filter(([, n]) => Array.isArray(n.examples));
    expect(withExamples.length).to.be.greaterThan(3);
    connectorTestValidator(); // adds the schema to the shared Ajv
    for (const [pointer, node] of withExamples) {
      const validate = definitionAjv().compile({ $ref: `${CONNECTOR_TEST_SCHEMA_ID}#${pointer}` } as AnySchemaObject);
      for (const example of node.examples as unknown[]) expect(validate(example), `${pointer}: ${JSON.stringify(example)}`).to.equal(true);
    }
  });
});

describe('testing: cassette layout', () => {
  const cassette: Cassette = {
    connector: 'shop',
    case: 'create item',
    interactions: [
      {
        request: { method: 'POST', url: '/api/items?currency=USD', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: { price: 150, name: 'Desk', tags: ['b', 'a'] } },
        response: { status: 201, headers: { 'content-type': 'application/json', link: '<http://shop.test/api/items?page=2>; rel="next"' }, body: { id: 100, currency: 'USD', nested: { z: 1, a: 2 } } },
      },
      {
        request: { method: 'GET', url: '/api/logo', headers: {} },
        response: { status: 200, headers: { 'content-type': 'image/png' }, bodyBase64: 'iVBORw0KGgo=' },
      },
    ],
  };

  it('writes structural keys in a fixed order and data keys sorted; lists keep their order', () => {
    expect(cassetteText(cassette)).to.equal(
      [
        '# Recorded by `runtime test --record`; replayed by `runtime test`. Secrets appear only as <SECRET:name>.',
        '# Edit with care: requests are matched on method, url and body.',
        '',
        'connector: shop',
        'case: create item',
        'interactions:',
        '  - request:',
        '      method: POST',
        '      url: /api/items?currency=USD',
        '      headers:',
        '        accept: application/json',
        '        content-type: application/json',
        '      body:',
        '        name: Desk',
        '        price: 150',
        '        tags:',
        '          - b',
        '          - a',
        '    response:',
        '      status: 201',
        '      headers:',
        '        content-type: application/json',
        '        link: <http://shop.test/api/items?page=2>; rel="next"',
        '      body:',
        '        currency: USD',
        '        id: 100',
        '        nested:',
        '          a: 2',
        '          z: 1',
        '  - request:',
        '      method: GET',
        '      url: /api/logo',
        '    response:',
        '      status: 200',
        '      headers:',
        '        content-type: image/png',
        '      bodyBase64: iVBORw0KGgo=',
        '',
      ].join('\n'),
    );
  });

  it('reads back what it wrote, and writes it again identically', () => {
    const text = cassetteText(cassette);
    const read = parseCassette(text, 'x.yaml');
    if (!read.ok) throw new Error('did not read back');
    expect(read.cassette.interactions[0]!.request.body).to.deep.equal(cassette.interactions[0]!.request.body);
    expect(read.cassette.interactions[1]!.response.bodyBase64).to.equal('iVBORw0KGgo=');
    expect(cassetteText(read.cassette)).to.equal(text);
  });

  it('keeps text that looks like another YAML type as text', () => {
    const tricky: Cassette = { interactions: [{ request: { method: 'GET', url: '/x', headers: {} }, response: { status: 200, headers: {}, body: { a: 'true', b: '0012', c: 'null', d: '- item', e: 'line1\nline2', f: '' } } }] };
    const read = parseCassette(cassetteText(tricky), 'x.yaml');
    if (!read.ok) throw new Error('did not read back');
    expect(read.cassette.interactions[0]!.response.body).to.deep.equal(tricky.interactions[0]!.response.body);
  });
});

describe('testing: secret scrubbing', () => {
  const scrubber = createSecretScrubber([
    { name: 'apiKey', value: 'k3y with/slash+plus' },
    { name: 'accessToken', value: 'tok-12345' },
    { name: 'pin', value: 'ab' },
  ]);

  it('replaces a secret as is, URL-encoded and form-encoded, by its named placeholder', () => {
    expect(scrubber.text('raw k3y with/slash+plus')).to.equal('raw <SECRET:apiKey>');
    expect(scrubber.text('q=k3y%20with%2Fslash%2Bplus')).to.equal('q=<SECRET:apiKey>');
    expect(scrubber.text('form=k3y+with%2Fslash%2Bplus')).to.equal('form=<SECRET:apiKey>');
    expect(scrubber.value({ token: 'Bearer tok-12345', list: ['tok-12345'], 'tok-12345': 1 })).to.deep.equal({
      token: 'Bearer <SECRET:accessToken>',
      list: ['<SECRET:accessToken>'],
      '<SECRET:accessToken>': 1,
    });
    expect(scrubber.leaks(scrubber.text('k3y with/slash+plus and tok-12345'))).to.deep.equal([]);
    expect(scrubber.leaks('left tok-12345 in')).to.deep.equal(['accessToken']);
  });

  it('turns URL-encoded placeholders back into their plain form, and leaves too-short secrets alone', () => {
    expect(scrubber.text('/a/%3CSECRET%3AapiKey%3E?k=%3Csecret:accessToken%3E')).to.equal('/a/<SECRET:apiKey>?k=<SECRET:accessToken>');
    expect(scrubber.text('table ab')).to.equal('table ab');
  });
});

describe('testing: signed test deliveries pass the runtime verifier', () => {
  const origin = { file: 'x.yaml', line: 1, column: 1 };
  const template = (source: string): Template => {
    const compiled = compileTemplate(source, origin);
    if (!compiled.ok) throw new Error('template');
    return compiled.template;
  };
  const now = Date.parse('2026-05-01T12:00:00Z');
  const body = Buffer.from('{"items":[{"id":5}]}');
  const base = { encoding: 'hex', toleranceMs: 300_000 } as const;
  const schemes: [string, WebhookVerify, string][] = [
    ['hmac-sha256 (GitHub)', { ...base, scheme: 'hmac-sha256', header: 'X-Hub-Signature-256', prefix: 'sha256=' }, 'gh-secret'],
    ['hmac-sha256 with signed content (Slack)', { ...base, scheme: 'hmac-sha256', header: 'X-Slack-Signature', prefix: 'v0=', timestampHeader: 'X-Slack-Request-Timestamp', signedContent: template('v0:{{timestamp}}:{{body}}') }, 'slack-secret'],
    ['hmac-sha1 base64', { ...base, encoding: 'base64', scheme: 'hmac-sha1', header: 'X-Sig' }, 'sha1-secret'],
    ['standard-webhooks', { ...base, scheme: 'standard-webhooks' }, `whsec_${Buffer.from('standard-secret').toString('base64')}`],
    ['shared-secret (Okta)', { ...base, scheme: 'shared-secret', header: 'Authorization' }, 'okta-secret'],
  ];
  for (const [name, verify, secret] of schemes) {
    it(name, () => {
      const headers = signatureHeaders(verify, secret, body, {}, now);
      expect(verifySignature(verify, { headers, rawBody: body }, secret, now)).to.deep.equal({ ok: true });
      // The signature covers the body (a shared secret does not): another body fails.
      const tampered = verifySignature(verify, { headers, rawBody: Buffer.from('{"items":[]}') }, secret, now);
      expect(tampered.ok).to.equal(verify.scheme === 'shared-secret');
    });
  }
});
