// DEF_CONFLICT: settings that cannot go together, or one that needs another.
import { expect } from 'chai';
import { problemsOf, yaml } from '../compile/compile-fixture.js';

describe('check: conflicts', () => {
  it('reports a request with two bodies and pagination settings of another style', () => {
    const connector = yaml`
      kind: connector
      name: c
      version: 1.0.0
      baseUrl: https://c.example
      actions:
        a:
          steps:
            - request:
                method: POST
                url: /x
                json: { a: 1 }
                form: { b: "2" }
                file: inputs.f
            - request:
                method: GET
                url: /y
                contentType: text/plain
                paginate: { style: cursor, items: body, offsetParam: skip }
            - request:
                method: GET
                url: /z
                paginate: { style: link, items: body, limit: 5 }
    `;
    expect(problemsOf({ 'connectors/c.yaml': connector })).to.deep.equal([
      "connectors/c.yaml:12:11 DEF_CONFLICT 'form' cannot be used together with 'json': a request has one body",
      "connectors/c.yaml:13:11 DEF_CONFLICT 'file' cannot be used together with 'json': a request has one body",
      "connectors/c.yaml:17:11 DEF_CONFLICT 'contentType' applies only to a raw 'body'",
      "connectors/c.yaml:18:30 DEF_CONFLICT paginate style 'cursor' needs 'cursor': a JSONata expression giving the next page's cursor",
      "connectors/c.yaml:18:51 DEF_CONFLICT 'offsetParam' does not apply to paginate style 'cursor'; it belongs to 'offset'",
      "connectors/c.yaml:22:49 DEF_CONFLICT 'limit' does not apply to paginate style 'link'; it belongs to 'offset' and 'page'",
    ]);
  });

  it('reports OAuth 2.0 without the URLs its grant needs, and keys of another auth scheme', () => {
    const connector = yaml`
      kind: connector
      name: c
      version: 1.0.0
      baseUrl: https://c.example
      auth:
        type: oauth2
        headers: { X-Key: "1" }
    `;
    expect(problemsOf({ 'connectors/c.yaml': connector })).to.deep.equal([
      "connectors/c.yaml:6:9 DEF_CONFLICT auth type 'oauth2' needs 'tokenUrl'",
      "connectors/c.yaml:6:9 DEF_CONFLICT oauth2 grant 'authorization_code' needs 'authorizeUrl'",
      "connectors/c.yaml:7:3 DEF_CONFLICT 'headers' does not apply to auth type 'oauth2'; it belongs to 'custom'",
    ]);
    const clientCredentials = yaml`
      kind: connector
      name: c
      version: 1.0.0
      baseUrl: https://c.example
      auth:
        type: oauth2
        grant: client_credentials
        tokenUrl: https://c.example/token
        pkce: true
    `;
    expect(problemsOf({ 'connectors/c.yaml': clientCredentials })).to.deep.equal([
      "connectors/c.yaml:9:3 DEF_CONFLICT 'pkce' applies only to oauth2 grant 'authorization_code'",
    ]);
  });

  it('reports an event with no source and webhook verification missing what its scheme needs', () => {
    const connector = yaml`
      kind: connector
      name: c
      version: 1.0.0
      baseUrl: https://c.example
      events:
        nothing: { title: Nothing }
        pushed:
          webhook:
            register: { steps: [{ return: "{}" }] }
            verify: { scheme: hmac-sha256, tolerance: 5m }
            records: body
        pinged:
          webhook:
            register: { steps: [{ return: "{}" }] }
            verify: { scheme: none, header: X-Sig }
            records: body
    `;
    expect(problemsOf({ 'connectors/c.yaml': connector })).to.deep.equal([
      "connectors/c.yaml:6:3 DEF_CONFLICT event 'nothing' needs a 'webhook', a 'polling' monitor, or both",
      "connectors/c.yaml:10:25 DEF_CONFLICT verify scheme 'hmac-sha256' needs 'header'",
      "connectors/c.yaml:10:25 DEF_CONFLICT verify scheme 'hmac-sha256' needs 'secret'",
      "connectors/c.yaml:15:31 DEF_CONFLICT 'header' has no effect with verify scheme 'none'",
    ]);
  });
});
