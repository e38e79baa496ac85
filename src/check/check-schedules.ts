// CRON_INVALID / TZ_INVALID: schedules of polling monitors and of user-flow triggers, checked at load so a
// flow never fails at its first tick. A bad cron field is pointed at inside the string.
import { entriesOf, valueAt } from '../compile/plain-data.js';
import type { Path, SourceFile } from '../source/source-file.js';
import type { Check, CheckContext } from './check-context.js';
import { cronProblem } from './cron-problem.js';
import { didYouMean } from './did-you-mean.js';

const MAX_TIME_ZONE_LENGTH = 64;

export const checkSchedules: Check = {
  name: 'schedules',
  run(ctx) {
    for (const file of ctx.files) {
      const places: { cron: Path; timezone: Path }[] = [];
      if (file.kind === 'connector') {
        for (const [name] of entriesOf(file.data.events)) {
          const at = ['events', name, 'polling'];
          places.push({ cron: [...at, 'schedule'], timezone: [...at, 'timezone'] });
        }
      } else {
        places.push({ cron: ['trigger', 'schedule', 'cron'], timezone: ['trigger', 'schedule', 'timezone'] });
        places.push({ cron: ['trigger', 'event', 'schedule'], timezone: ['trigger', 'event', 'timezone'] });
      }
      for (const place of places) {
        checkCron(ctx, file.source, place.cron, valueAt(file.data, place.cron));
        checkTimeZone(ctx, file.source, place.timezone, valueAt(file.data, place.timezone));
      }
    }
  },
};

function checkCron(ctx: CheckContext, source: SourceFile, at: Path, value: unknown): void {
  if (typeof value !== 'string') return;
  const problem = cronProblem(value);
  if (!problem) return;
  ctx.reportAt(source, source.locateInScalar(at, problem.offset, problem.length), 'CRON_INVALID', problem.message, {
    hint: 'fields: [second] minute hour day-of-month month day-of-week, e.g. "0 */5 * * * *" every five minutes',
  });
}

function checkTimeZone(ctx: CheckContext, source: SourceFile, at: Path, value: unknown): void {
  if (typeof value !== 'string') return;
  if (value.length <= MAX_TIME_ZONE_LENGTH && isTimeZone(value)) return;
  const shown = value.length > MAX_TIME_ZONE_LENGTH ? `${value.slice(0, MAX_TIME_ZONE_LENGTH)}...` : value;
  ctx.report(source, at, 'TZ_INVALID', `unknown time zone '${shown}'${didYouMean(value, knownTimeZones())}`, {
    hint: 'use an IANA name such as UTC, Europe/Berlin or America/New_York',
  });
}

function isTimeZone(name: string): boolean {
  if (name.trim() === '') return false;
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

let zones: readonly string[] | undefined;
function knownTimeZones(): readonly string[] {
  zones ??= Intl.supportedValuesOf('timeZone');
  return zones;
}
