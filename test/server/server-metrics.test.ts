// The metrics registry renders the Prometheus text format 0.0.4; a small parser reads it back.
import { expect } from 'chai';
import { MetricsRegistry } from '../../src/server/metrics.js';
import { parseExposition } from './exposition-parser.js';

describe('metrics registry', () => {
  it('renders HELP, TYPE and samples that parse back to the same values', () => {
    const registry = new MetricsRegistry();
    const requests = registry.counter('runtime_requests_total', 'Requests by route.', ['route', 'status']);
    const queue = registry.gauge('runtime_queue_events', 'Events waiting.', ['status'], {
      collect: (gauge) => gauge.set({ status: 'pending' }, 42),
    });
    const latency = registry.histogram('runtime_latency_seconds', 'Latency.', ['route'], [0.1, 1]);
    requests.inc({ route: 'webhook', status: 200 });
    requests.inc({ route: 'webhook', status: 200 }, 2);
    queue.inc({ status: 'failed' });
    latency.observe({ route: 'webhook' }, 0.05);
    latency.observe({ route: 'webhook' }, 0.5);
    latency.observe({ route: 'webhook' }, 3);

    const parsed = parseExposition(registry.render());
    expect(parsed.help.get('runtime_requests_total')).to.equal('Requests by route.');
    expect(parsed.type.get('runtime_requests_total')).to.equal('counter');
    expect(parsed.type.get('runtime_queue_events')).to.equal('gauge');
    expect(parsed.type.get('runtime_latency_seconds')).to.equal('histogram');
    const value = (name: string, labels: Record<string, string>) =>
      parsed.samples.find((s) => s.name === name && JSON.stringify(s.labels) === JSON.stringify(labels))?.value;
    expect(value('runtime_requests_total', { route: 'webhook', status: '200' })).to.equal(3);
    expect(value('runtime_queue_events', { status: 'pending' })).to.equal(42);
    expect(value('runtime_queue_events', { status: 'failed' })).to.equal(1);
    expect(value('runtime_latency_seconds_bucket', { route: 'webhook', le: '0.1' })).to.equal(1);
    expect(value('runtime_latency_seconds_bucket', { route: 'webhook', le: '1' })).to.equal(2);
    expect(value('runtime_latency_seconds_bucket', { route: 'webhook', le: '+Inf' })).to.equal(3);
    expect(value('runtime_latency_seconds_count', { route: 'webhook' })).to.equal(3);
    expect(value('runtime_latency_seconds_sum', { route: 'webhook' })).to.equal(3.55);
  });

  it('escapes backslashes, quotes and line feeds in label values and HELP text', () => {
    const registry = new MetricsRegistry();
    registry.counter('odd_total', 'Help with \\ and\na second line.', ['flow']).inc({ flow: 'a"b\\c\nd' });
    const text = registry.render();
    expect(text).to.include('# HELP odd_total Help with \\\\ and\\na second line.\n');
    expect(text).to.include('odd_total{flow="a\\"b\\\\c\\nd"} 1\n');
    const parsed = parseExposition(text);
    expect(parsed.samples[0]!.labels).to.deep.equal({ flow: 'a"b\\c\nd' });
    expect(parsed.help.get('odd_total')).to.equal('Help with \\ and\na second line.');
  });

  it('shows an unlabelled metric as 0 before its first increment', () => {
    const registry = new MetricsRegistry();
    registry.counter('started_total', 'Starts.');
    expect(parseExposition(registry.render()).samples).to.deep.equal([{ name: 'started_total', labels: {}, value: 0 }]);
  });

  it('returns the same metric for the same registration and refuses a conflicting one', () => {
    const registry = new MetricsRegistry();
    const a = registry.counter('x_total', 'X.', ['flow']);
    expect(registry.counter('x_total', 'X.', ['flow'])).to.equal(a);
    expect(() => registry.gauge('x_total', 'X.', ['flow'])).to.throw(/already registered/);
    expect(() => registry.counter('bad-name', 'X.')).to.throw(/invalid metric name/);
    expect(() => registry.counter('y_total', 'Y.', ['__reserved'])).to.throw(/invalid label name/);
    expect(() => a.inc({ other: 'x' })).to.throw(/no label 'other'/);
    expect(() => a.inc({ flow: 'x' }, -1)).to.throw(/cannot decrease/);
  });

  it('keeps at most 10,000 series per metric', () => {
    const registry = new MetricsRegistry();
    const c = registry.counter('many_total', 'Many.', ['id']);
    for (let i = 0; i < 10_050; i++) c.inc({ id: i });
    expect(parseExposition(registry.render()).samples).to.have.length(10_000);
  });
});
