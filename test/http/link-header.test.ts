import { expect } from 'chai';
import { nextLink, parseLinkHeader } from '../../src/http/link-header.js';
import { responseFileName } from '../../src/http/content-disposition.js';

describe('http: Link header', () => {
  it('reads several links, quoted and multiple relations, commas inside targets', () => {
    const header = '<https://api.example/items?page=2&f=a,b>; rel="next"; title="a, b", <https://api.example/items?page=9>; rel="last prev"';
    expect(parseLinkHeader(header)).to.deep.equal([
      { target: 'https://api.example/items?page=2&f=a,b', rels: ['next'] },
      { target: 'https://api.example/items?page=9', rels: ['last', 'prev'] },
    ]);
  });

  it('resolves a relative next link against the page URL; no next gives undefined', () => {
    expect(nextLink('</v2/items?cursor=abc>; rel=next', 'https://api.example/v1/items')?.href).to.equal('https://api.example/v2/items?cursor=abc');
    expect(nextLink('<?page=3>; rel="next"', 'https://api.example/v1/items')?.href).to.equal('https://api.example/v1/items?page=3');
    expect(nextLink('<https://api.example/x>; rel="prev"', 'https://api.example/')).to.equal(undefined);
    expect(nextLink('garbage, <unclosed', 'https://api.example/')).to.equal(undefined);
    expect(nextLink(undefined, 'https://api.example/')).to.equal(undefined);
  });
});

describe('http: downloaded file names', () => {
  const url = new URL('https://api.example/files/report%20final.pdf?sig=abc');
  const cases: [string | undefined, string][] = [
    ['attachment; filename="a.pdf"', 'a.pdf'],
    ['attachment; filename=plain.txt', 'plain.txt'],
    ['attachment; filename="x.bin"; filename*=UTF-8\'\'%E2%82%AC%20rates.csv', '€ rates.csv'],
    ['attachment; filename="../../etc/passwd"', 'passwd'],
    ['attachment; filename="..hidden"', 'hidden'],
    ['attachment; filename="a\\"b.txt"', 'ab.txt'],
    ['inline', 'report final.pdf'],
    [undefined, 'report final.pdf'],
  ];
  for (const [header, expected] of cases) {
    it(`${header ?? '(none)'} -> ${expected}`, () => expect(responseFileName(header, url)).to.equal(expected));
  }
  it('falls back to "download"', () => expect(responseFileName(undefined, 'https://api.example/')).to.equal('download'));
});
