// Validates a node-cron expression (5 fields, or 6 with seconds) and says which field is wrong and where.
import cron from 'node-cron';

export interface CronProblem {
  /** Character offset and length of the wrong part within the expression. */
  readonly offset: number;
  readonly length: number;
  readonly message: string;
}

const MAX_CRON_LENGTH = 200;

const FIELD_NAMES_6 = ['second', 'minute', 'hour', 'dayOfMonth', 'month', 'dayOfWeek'];
const FIELD_WORDS: Readonly<Record<string, string>> = {
  second: 'second (0-59)',
  minute: 'minute (0-59)',
  hour: 'hour (0-23)',
  dayOfMonth: 'day of month (1-31)',
  month: 'month (1-12 or JAN-DEC)',
  dayOfWeek: 'day of week (0-7 or SUN-SAT)',
};

export function cronProblem(expression: string): CronProblem | undefined {
  if (expression.length > MAX_CRON_LENGTH) {
    return { offset: 0, length: expression.length, message: `cron expression is longer than ${MAX_CRON_LENGTH} characters` };
  }
  const fields = [...expression.matchAll(/\S+/g)].map((m) => ({ text: m[0], offset: m.index ?? 0 }));
  if (fields.length !== 5 && fields.length !== 6) {
    return {
      offset: 0,
      length: Math.max(1, expression.length),
      message: `a cron expression has 5 fields (minute hour day month weekday), or 6 with seconds first; found ${fields.length}`,
    };
  }
  let result;
  try {
    result = cron.validateDetailed(expression);
  } catch {
    return { offset: 0, length: expression.length, message: 'not a valid cron expression' };
  }
  if (result.valid) return undefined;
  const names = fields.length === 6 ? FIELD_NAMES_6 : FIELD_NAMES_6.slice(1);
  const first = result.errors[0];
  const index = first ? names.indexOf(first.field) : -1;
  const field = index >= 0 ? fields[index] : undefined;
  if (!first || !field) return { offset: 0, length: expression.length, message: 'not a valid cron expression' };
  const month = fields[names.indexOf('month')]?.text ?? '';
  const message = /impossible/.test(first.message)
    ? `this cron expression never runs: day '${field.text}' does not exist in month '${month}'`
    : `'${field.text}' is not a valid ${FIELD_WORDS[first.field] ?? first.field} in a cron expression`;
  return { offset: field.offset, length: field.text.length, message };
}
