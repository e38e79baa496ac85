// A tiny metrics registry rendered in the Prometheus text exposition format 0.0.4. Metric and label names are
// checked when registered; label values are escaped when rendered. Each metric keeps at most MAX_SERIES label
// combinations, so a label fed by outside data can never grow memory without bound.

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const MAX_SERIES = 10_000;
export const DEFAULT_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export type Labels = Readonly<Record<string, string | number>>;
type MetricType = 'counter' | 'gauge' | 'histogram';

export interface Counter {
  inc(labels?: Labels, by?: number): void;
}

export interface Gauge {
  set(labels: Labels, value: number): void;
  inc(labels?: Labels, by?: number): void;
  dec(labels?: Labels, by?: number): void;
}

export interface Histogram {
  /** `value` in the metric's unit (seconds for durations). */
  observe(labels: Labels, value: number): void;
}

interface GaugeOptions {
  /** Called before each render, to set values read from elsewhere (queue sizes, ...). Errors are ignored. */
  collect?(gauge: Gauge): void;
}

export class MetricsRegistry {
  private readonly metrics = new Map<string, Metric>();

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter {
    return this.register(name, help, 'counter', labelNames, () => new CounterMetric(name, help, labelNames));
  }

  gauge(name: string, help: string, labelNames: readonly string[] = [], options: GaugeOptions = {}): Gauge {
    return this.register(name, help, 'gauge', labelNames, () => new GaugeMetric(name, help, labelNames, options.collect));
  }

  histogram(name: string, help: string, labelNames: readonly string[] = [], buckets: readonly number[] = DEFAULT_BUCKETS): Histogram {
    return this.register(name, help, 'histogram', labelNames, () => new HistogramMetric(name, help, labelNames, buckets));
  }

  /** The whole exposition: `# HELP`, `# TYPE` and samples per metric, in registration order. */
  render(): string {
    return [...this.metrics.values()].map((m) => m.render()).join('');
  }

  /** Registering the same name again returns the same metric, when type and labels agree. */
  private register<T extends Metric>(name: string, help: string, type: MetricType, labelNames: readonly string[], create: () => T): T {
    const existing = this.metrics.get(name);
    if (existing) {
      if (existing.type !== type || existing.labelNames.join(',') !== labelNames.join(',')) {
        throw new Error(`metric ${name} is already registered as a ${existing.type} with labels [${existing.labelNames.join(', ')}]`);
      }
      return existing as T;
    }
    if (!METRIC_NAME.test(name)) throw new Error(`invalid metric name '${name}'`);
    for (const label of labelNames) {
      if (!LABEL_NAME.test(label) || label.startsWith('__') || (type === 'histogram' && label === 'le')) {
        throw new Error(`invalid label name '${label}' for metric ${name}`);
      }
    }
    const metric = create();
    this.metrics.set(name, metric);
    return metric;
  }
}

abstract class Metric {
  abstract readonly type: MetricType;
  /** Series by the rendered label set, e.g. `flow="a",status="200"`. */
  protected readonly series = new Map<string, number>();

  constructor(readonly name: string, readonly help: string, readonly labelNames: readonly string[]) {}

  render(): string {
    const head = `# HELP ${this.name} ${escapeHelp(this.help)}\n# TYPE ${this.name} ${this.type}\n`;
    return head + this.samples().join('');
  }

  protected samples(): string[] {
    const out: string[] = [];
    if (this.series.size === 0 && this.labelNames.length === 0) out.push(`${this.name} 0\n`);
    for (const [key, value] of this.series) out.push(`${this.name}${key ? `{${key}}` : ''} ${formatValue(value)}\n`);
    return out;
  }

  protected key(labels: Labels = {}): string | undefined {
    for (const name of Object.keys(labels)) {
      if (!this.labelNames.includes(name)) throw new Error(`metric ${this.name} has no label '${name}'`);
    }
    const key = labelText(this.labelNames.map((name) => [name, String(labels[name] ?? '')]));
    return this.series.has(key) || this.series.size < MAX_SERIES ? key : undefined;
  }

  protected add(labels: Labels | undefined, by: number): void {
    const key = this.key(labels);
    if (key !== undefined && Number.isFinite(by)) this.series.set(key, (this.series.get(key) ?? 0) + by);
  }
}

class CounterMetric extends Metric implements Counter {
  readonly type = 'counter';
  inc(labels?: Labels, by = 1): void {
    if (by < 0) throw new Error(`counter ${this.name} cannot decrease`);
    this.add(labels, by);
  }
}

class GaugeMetric extends Metric implements Gauge {
  readonly type = 'gauge';
  constructor(name: string, help: string, labelNames: readonly string[], private readonly collect?: (gauge: Gauge) => void) {
    super(name, help, labelNames);
  }
  set(labels: Labels, value: number): void {
    const key = this.key(labels);
    if (key !== undefined) this.series.set(key, value);
  }
  inc(labels?: Labels, by = 1): void {
    this.add(labels, by);
  }
  dec(labels?: Labels, by = 1): void {
    this.add(labels, -by);
  }
  override render(): string {
    try {
      this.collect?.(this);
    } catch {
      // A failing source (e.g. the store is down) leaves the last values; /health reports the outage.
    }
    return super.render();
  }
}

class HistogramMetric extends Metric {
  readonly type = 'histogram';
  private readonly buckets: readonly number[];
  private readonly observations = new Map<string, { counts: number[]; sum: number; count: number }>();

  constructor(name: string, help: string, labelNames: readonly string[], buckets: readonly number[]) {
    super(name, help, labelNames);
    this.buckets = [...buckets].filter(Number.isFinite).sort((a, b) => a - b);
  }

  observe(labels: Labels, value: number): void {
    if (!Number.isFinite(value)) return;
    const key = this.key(labels);
    if (key === undefined) return;
    this.series.set(key, 0);
    let entry = this.observations.get(key);
    if (!entry) this.observations.set(key, (entry = { counts: this.buckets.map(() => 0), sum: 0, count: 0 }));
    this.buckets.forEach((bound, i) => {
      if (value <= bound) entry.counts[i]! += 1;
    });
    entry.sum += value;
    entry.count += 1;
  }

  protected override samples(): string[] {
    const out: string[] = [];
    for (const [key, entry] of this.observations) {
      const sep = key ? `${key},` : '';
      this.buckets.forEach((bound, i) => out.push(`${this.name}_bucket{${sep}le="${formatValue(bound)}"} ${entry.counts[i]}\n`));
      out.push(`${this.name}_bucket{${sep}le="+Inf"} ${entry.count}\n`);
      out.push(`${this.name}_sum${key ? `{${key}}` : ''} ${formatValue(entry.sum)}\n`);
      out.push(`${this.name}_count${key ? `{${key}}` : ''} ${entry.count}\n`);
    }
    return out;
  }
}

function labelText(pairs: readonly (readonly [string, string])[]): string {
  return pairs.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(',');
}

/** Label values escape backslash, double quote and line feed (exposition format 0.0.4). */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** HELP text escapes backslash and line feed. */
function escapeHelp(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatValue(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return String(n);
}
