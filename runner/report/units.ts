// How the report writes a duration: seconds with one decimal, exactly as both the tables and the chart show it.

/** Milliseconds as seconds with one decimal ("12.3"); blank when not measured. */
export const seconds = (ms: number | undefined): string => (ms === undefined ? '' : (ms / 1000).toFixed(1));
