// The connector version rule: a major bump for a breaking change, at least a minor one for an addition, at
// least a patch for any other change; a missing bump is reported as `version-not-raised`.
import { expect } from 'chai';
import type { DiffReport } from '../../src/diff/change.js';
import { diffRevisions } from '../../src/diff/diff-revisions.js';
import { parseSemver, requiredBump } from '../../src/diff/version-rule.js';
import { GitProject, type Edit } from './git-project.js';

const ACME = 'connectors/acme.yaml';
const BREAKING: Edit = [ACME, '      url: { title: URL, type: text }\n', ''];
const ADDITION: Edit = [ACME, '      url: { title: URL, type: text }\n', '      url: { title: URL, type: text }\n      state: { type: text }\n'];
const TEXT_ONLY: Edit = [ACME, 'help: Opens a ticket.', 'help: Opens a support ticket.'];
const version = (v: string): Edit => [ACME, 'version: 1.2.0', `version: ${v}`];

describe('runtime diff: connector version rule', () => {
  let project: GitProject;
  let base: string;

  before(() => {
    project = GitProject.create();
    base = project.commitBase([], 'base');
  });
  after(() => project.dispose());

  async function versionFindings(edits: readonly Edit[]): Promise<string[]> {
    project.resetToBase(edits);
    const report: DiffReport = await diffRevisions({ root: project.dir, base });
    return report.changes.filter((c) => c.kind.startsWith('version-')).map((c) => `${c.level} ${c.kind}: ${c.message}`);
  }

  it('a breaking change without a major bump is a breaking finding naming the expected version', async () => {
    expect(await versionFindings([BREAKING])).to.deep.equal(['breaking version-not-raised: version 1.2.0 not raised: breaking changes need 2.0.0']);
    expect(await versionFindings([BREAKING, version('1.3.0')])).to.deep.equal([
      'breaking version-not-raised: version 1.2.0 -> 1.3.0 not raised enough: breaking changes need 2.0.0',
    ]);
  });

  it('a major bump (also a pre-release of it) satisfies a breaking change', async () => {
    expect(await versionFindings([BREAKING, version('2.0.0')])).to.deep.equal([]);
    expect(await versionFindings([BREAKING, version('2.0.0-rc.1')])).to.deep.equal([]);
  });

  it('an addition needs at least a minor bump; missing it is risky', async () => {
    expect(await versionFindings([ADDITION])).to.deep.equal(['risky version-not-raised: version 1.2.0 not raised: additions need 1.3.0']);
    expect(await versionFindings([ADDITION, version('1.2.1')])).to.deep.equal([
      'risky version-not-raised: version 1.2.0 -> 1.2.1 not raised enough: additions need 1.3.0',
    ]);
    expect(await versionFindings([ADDITION, version('1.3.0')])).to.deep.equal([]);
  });

  it('any other change needs a patch; a lowered version is reported; no change needs nothing', async () => {
    expect(await versionFindings([TEXT_ONLY])).to.deep.equal(['safe version-not-raised: version 1.2.0 not raised: changes need 1.2.1']);
    expect(await versionFindings([TEXT_ONLY, version('1.2.1')])).to.deep.equal([]);
    expect(await versionFindings([TEXT_ONLY, version('1.1.9')])).to.deep.equal([
      'safe version-not-raised: version 1.2.0 -> 1.1.9 lowered: changes need 1.2.1',
    ]);
    expect(await versionFindings([])).to.deep.equal([]);
  });

  it('a version that is not semver is reported when the connector changed', async () => {
    expect(await versionFindings([TEXT_ONLY, version('"1.3"')])).to.deep.equal([
      "risky version-invalid: version '1.3' is not a semantic version (major.minor.patch)",
    ]);
  });

  it('requiredBump and parseSemver', () => {
    expect(requiredBump([])).to.equal(undefined);
    expect(parseSemver('1.2.3')).to.deep.equal([1, 2, 3]);
    expect(parseSemver('v10.0.1+build.5')).to.deep.equal([10, 0, 1]);
    expect(parseSemver('1.2')).to.equal(undefined);
    expect(parseSemver('01.2.3')).to.equal(undefined);
  });
});
