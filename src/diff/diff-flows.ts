// User flows in two revisions: added or removed, a new trigger, switched on or off, other steps. Starting or
// stopping executions is risky; a flow's own steps are the author's business (safe, but noted).
import type { Trigger, UserFlow } from '../model/model.js';
import type { ChangeRecorder } from './change-recorder.js';
import { fingerprint } from './fingerprint.js';

export function diffFlow(rec: ChangeRecorder, before: UserFlow | undefined, after: UserFlow | undefined): void {
  if (!before && after) {
    rec.add('safe', 'flow-added', `flow added (${describeTrigger(after.trigger)}${after.enabled ? '' : ', disabled'})`, { at: after.origin });
    return;
  }
  if (before && !after) {
    rec.add('risky', 'flow-removed', `flow removed${before.enabled ? ': its executions stop' : ''}`, { at: before.origin });
    return;
  }
  if (!before || !after) return;

  const triggerBefore = describeTrigger(before.trigger);
  const triggerAfter = describeTrigger(after.trigger);
  if (triggerBefore !== triggerAfter) {
    rec.add('risky', 'flow-trigger-changed', `trigger changed from ${triggerBefore} to ${triggerAfter}`, {
      at: after.trigger.origin, before: triggerBefore, after: triggerAfter,
    });
  } else if (fingerprint(before.trigger) !== fingerprint(after.trigger)) {
    rec.add('risky', 'flow-trigger-changed', `trigger ${triggerAfter} changed: ${changedKeys(before.trigger, after.trigger).join(', ')}`, {
      at: after.trigger.origin,
    });
  }
  if (before.enabled !== after.enabled) {
    rec.add('risky', after.enabled ? 'flow-enabled' : 'flow-disabled', after.enabled ? 'flow enabled: it starts running' : 'flow disabled: it stops running', {
      at: after.origin,
    });
  }
  if (fingerprint(before.steps) !== fingerprint(after.steps)) rec.add('safe', 'flow-steps-changed', 'steps changed (behaviour changed)', { at: after.origin });
  const settings = (['concurrency', 'retry'] as const).filter((k) => fingerprint(before[k]) !== fingerprint(after[k]));
  if (settings.length > 0) rec.add('safe', 'flow-settings-changed', `${settings.join(', ')} changed`, { at: after.origin });
  const texts = [before.title !== after.title && 'title', (before.description ?? '') !== (after.description ?? '') && 'description'].filter(Boolean);
  if (texts.length > 0) rec.add('safe', 'flow-text-changed', `${texts.join(', ')} changed`, { at: after.origin });
}

/** `event github.issue_opened via webhook`, `schedule '0 9 * * 1-5' Europe/Berlin`, `manual`. */
function describeTrigger(t: Trigger): string {
  switch (t.type) {
    case 'event': return `event ${t.connector}.${t.card} via ${t.via}`;
    case 'schedule': return `schedule '${t.cron}'${t.timezone ? ` ${t.timezone}` : ''}`;
    case 'manual': return 'manual';
  }
}

function changedKeys(a: Trigger, b: Trigger): string[] {
  const ra = a as unknown as Record<string, unknown>;
  const rb = b as unknown as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(ra), ...Object.keys(rb)])].filter((k) => k !== 'origin').sort();
  return keys.filter((k) => fingerprint(ra[k]) !== fingerprint(rb[k]));
}
