// ANSI colour constants with the guide's `Colors` names, blank when colour is off so logs stay clean.
import pc from 'picocolors';

/** The guide's colour names; each value is an ANSI escape, or '' when colour is disabled. */
export interface ColorCodes {
  HEADER: string;
  OKBLUE: string;
  OKCYAN: string;
  OKGREEN: string;
  WARNING: string;
  FAIL: string;
  ENDC: string;
  BOLD: string;
  UNDERLINE: string;
}

const ANSI: ColorCodes = {
  HEADER: '\x1b[95m',
  OKBLUE: '\x1b[94m',
  OKCYAN: '\x1b[96m',
  OKGREEN: '\x1b[92m',
  WARNING: '\x1b[93m',
  FAIL: '\x1b[91m',
  ENDC: '\x1b[0m',
  BOLD: '\x1b[1m',
  UNDERLINE: '\x1b[4m',
};

/** Builds the colour table; `enabled=false` gives empty strings (for NO_COLOR, pipes, CI logs). */
export function createColorCodes(enabled: boolean): Readonly<ColorCodes> {
  const codes = { ...ANSI };
  if (!enabled) for (const key of Object.keys(codes) as (keyof ColorCodes)[]) codes[key] = '';
  return Object.freeze(codes);
}

/** The guide's `Colors`, following picocolors' detection (NO_COLOR, FORCE_COLOR, TTY). */
export const Colors: Readonly<ColorCodes> = createColorCodes(pc.isColorSupported);
