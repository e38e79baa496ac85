// A connector's `version` (semver) must say what a change means to the flows that use it: a major bump for a
// breaking change, at least a minor one when something was added, at least a patch for any other change.
// A missing bump is a finding of its own (`version-not-raised`), as serious as the bump it misses.
import type { Connector } from '../model/model.js';
import type { Change, Level } from './change.js';
import type { ChangeRecorder } from './change-recorder.js';

export type Bump = 'major' | 'minor' | 'patch';

/** Changes that add to what flows can use. */
const ADDITIONS = new Set([
  'card-added', 'input-added', 'output-added', 'option-added', 'connection-field-added',
  'option-choices-added', 'input-choices-added', 'connection-field-choices-added', 'webhook-added', 'polling-added',
]);

const LEVEL_OF_BUMP: Record<Bump, Level> = { major: 'breaking', minor: 'risky', patch: 'safe' };
const WHY: Record<Bump, string> = { major: 'breaking changes need', minor: 'additions need', patch: 'changes need' };

export function requiredBump(changes: readonly Change[]): Bump | undefined {
  if (changes.length === 0) return undefined;
  if (changes.some((c) => c.level === 'breaking')) return 'major';
  if (changes.some((c) => ADDITIONS.has(c.kind))) return 'minor';
  return 'patch';
}

/** Records `version-not-raised` (or `version-invalid`) when `after`'s version does not fit `changes`. */
export function checkVersionRule(rec: ChangeRecorder, before: Connector, after: Connector, changes: readonly Change[]): void {
  const bump = requiredBump(changes);
  if (!bump) return;
  const from = parseSemver(before.version);
  const to = parseSemver(after.version);
  if (!to) {
    rec.add('risky', 'version-invalid', `version '${after.version}' is not a semantic version (major.minor.patch)`, { at: after.origin });
    return;
  }
  if (!from) return; // nothing to compare with: the base had no valid version
  const expected = bumped(from, bump);
  if (compareCore(to, expected) >= 0) return;
  const expectedText = expected.join('.');
  const state = compareCore(to, from) === 0 ? `${after.version} not raised` : compareCore(to, from) < 0 ? `${before.version} -> ${after.version} lowered` : `${before.version} -> ${after.version} not raised enough`;
  rec.add(LEVEL_OF_BUMP[bump], 'version-not-raised', `version ${state}: ${WHY[bump]} ${expectedText}`, {
    at: after.origin, before: before.version, after: after.version,
  });
}

type Core = [number, number, number];

/** `1.2.3`, with an optional pre-release and build (ignored when comparing: 2.0.0-rc.1 counts as 2.0.0). */
export function parseSemver(v: string): Core | undefined {
  const m = /^v?(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.exec(v);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function bumped([major, minor, patch]: Core, bump: Bump): Core {
  if (bump === 'major') return [major + 1, 0, 0];
  if (bump === 'minor') return [major, minor + 1, 0];
  return [major, minor, patch + 1];
}

function compareCore(a: Core, b: Core): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}
