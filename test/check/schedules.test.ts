// CRON_INVALID and TZ_INVALID: cron strings (5 fields, or 6 with seconds) and time zones are checked at
// load; a wrong cron field is pointed at inside the string.
import { expect } from 'chai';
import { compileTexts, golden, problemsOf, yaml } from '../compile/compile-fixture.js';

describe('check: schedules', () => {
  it('points at the wrong cron field and names it', () => {
    const flow = (name: string, cron: string) => yaml`
      kind: flow
      name: ${name}
      trigger:
        schedule: { cron: "${cron}", timezone: Europe/Berln }
      steps: [{ map: "1" }]
    `;
    const { diagnostics } = compileTexts({
      'flows/a.yaml': flow('a', '0 25 * * 1-5'),
      'flows/b.yaml': flow('b', '*/0 * * * * *'),
      'flows/c.yaml': flow('c', '0 0 31 2 *'),
      'flows/d.yaml': flow('d', '* * * *'),
    });
    expect(golden(diagnostics)).to.deep.equal([
      "flows/a.yaml:4:24 CRON_INVALID '25' is not a valid hour (0-23) in a cron expression",
      "flows/a.yaml:4:47 TZ_INVALID unknown time zone 'Europe/Berln' (did you mean 'Europe/Berlin'?)",
      "flows/b.yaml:4:22 CRON_INVALID '*/0' is not a valid second (0-59) in a cron expression",
      "flows/b.yaml:4:48 TZ_INVALID unknown time zone 'Europe/Berln' (did you mean 'Europe/Berlin'?)",
      "flows/c.yaml:4:26 CRON_INVALID this cron expression never runs: day '31' does not exist in month '2'",
      "flows/c.yaml:4:45 TZ_INVALID unknown time zone 'Europe/Berln' (did you mean 'Europe/Berlin'?)",
      'flows/d.yaml:4:22 CRON_INVALID a cron expression has 5 fields (minute hour day month weekday), or 6 with seconds first; found 4',
      "flows/d.yaml:4:42 TZ_INVALID unknown time zone 'Europe/Berln' (did you mean 'Europe/Berlin'?)",
    ]);
    expect(diagnostics[0]!.length).to.equal(2);
  });

  it('checks polling monitors and the schedule a polling trigger overrides', () => {
    const connector = yaml`
      kind: connector
      name: c
      version: 1.0.0
      baseUrl: https://c.example
      events:
        e:
          polling:
            schedule: "61 * * * *"
            timezone: Mars/Olympus
            steps: [{ return: "{'records': []}" }]
    `;
    const flow = yaml`
      kind: flow
      name: f
      trigger:
        event: { connector: c, card: e, connection: x, schedule: "@daily" }
      steps: [{ map: "1" }]
    `;
    expect(problemsOf({ 'connectors/c.yaml': connector, 'flows/f.yaml': flow })).to.deep.equal([
      "connectors/c.yaml:8:18 CRON_INVALID '61' is not a valid minute (0-59) in a cron expression",
      "connectors/c.yaml:9:17 TZ_INVALID unknown time zone 'Mars/Olympus'",
      'flows/f.yaml:4:61 CRON_INVALID a cron expression has 5 fields (minute hour day month weekday), or 6 with seconds first; found 1',
    ]);
  });

  it('accepts valid schedules with and without seconds', () => {
    const flow = yaml`
      kind: flow
      name: f
      trigger:
        schedule: { cron: "0 */5 9-17 * * MON-FRI", timezone: America/New_York }
      steps: [{ map: "1" }]
    `;
    expect(problemsOf({ 'flows/f.yaml': flow })).to.deep.equal([]);
  });
});
