// The shape of one reported figure: a median, its unit, its goal and whether the goal was met.

/** One line of the benchmark table / one entry of the JSON output. */
export interface Figure {
  id: string;
  label: string;
  /** Median over `runs` repetitions (or a single measured size for byte figures). */
  value: number;
  /** '%' is percent of one CPU core; 'yes/no' is the share of runs that showed the behaviour (1 = every run). */
  unit: 'ms' | 'x' | 'bytes' | '%' | 'yes/no';
  runs: number;
  /** Human goal, e.g. "≤ 1.5x floor"; absent for figures that are reported, not judged. */
  goal?: string;
  /** Upper bound the value must not exceed for the goal to be met. */
  max?: number;
  met?: boolean;
  /** Every sample, for anyone who wants the spread. */
  samples?: number[];
  note?: string;
}

/** Builds a figure and decides `met` from `max`. */
export function figure(f: Omit<Figure, 'met'>): Figure {
  return f.max === undefined ? f : { ...f, met: f.value <= f.max };
}
