// One measured number of a benchmark, with the target it is judged against.
export interface BenchFigure {
  name: string;
  measured: number;
  unit: string;
  /** The target in words, e.g. `<= 4x`. */
  target: string;
  pass: boolean;
}

export type BenchRun = () => Promise<BenchFigure[]>;

/** run-all reads a bench's figures from the child's stdout line that starts with this mark. */
export const FIGURES_MARK = 'BENCH_FIGURES ';
