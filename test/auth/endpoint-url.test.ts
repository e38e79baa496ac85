// OAuth endpoints as templates over connection fields (an Okta org's domain), checked at load, rendered per connection.
import { expect } from 'chai';
import { endpointUrl } from '../../src/auth/endpoint-url.js';
import { RuntimeError } from '../../src/errors/runtime-error.js';
import { compileTexts, golden, yaml } from '../compile/compile-fixture.js';

const connector = (tokenUrl: string) => yaml`
  kind: connector
  name: idp
  version: 1.0.0
  baseUrl: "https://{{connection.domain}}"
  connection:
    fields:
      domain: { type: text, required: true }
  auth:
    type: oauth2
    grant: client_credentials
    tokenUrl: "${tokenUrl}"
`;

describe('auth: OAuth endpoint templates', () => {
  it('renders a token URL with the connection\'s non-secret fields', () => {
    const url = endpointUrl('https://{{connection.domain}}/oauth2/v1/token', { domain: 'acme.okta.com', clientSecret: 's3cr3t-value' }, ['clientSecret']);
    expect(url).to.equal('https://acme.okta.com/oauth2/v1/token');
  });

  it('never renders a secret field into a URL, and refuses what is not an http(s) URL', () => {
    expect(() => endpointUrl('{{connection.clientSecret}}/token', { clientSecret: 'https://x' }, ['clientSecret'])).to.throw(RuntimeError, /not an http\(s\) URL/);
  });

  it('leaves a plain URL as it is', () => {
    expect(endpointUrl('https://github.com/login/oauth/access_token', {})).to.equal('https://github.com/login/oauth/access_token');
  });

  it('checks the template at load: syntax and connection field references', () => {
    expect(compileTexts({ 'connectors/idp.yaml': connector('https://{{connection.domain}}/token') }).diagnostics).to.deep.equal([]);
    const bad = golden(compileTexts({ 'connectors/idp.yaml': connector('https://{{connection.domian}}/token') }).diagnostics);
    expect(bad).to.have.length(1);
    expect(bad[0]).to.match(/^connectors\/idp\.yaml:11:\d+ REF_UNKNOWN_FIELD .*'domian'.*did you mean 'domain'/);
  });
});
