// The guide's `Colors` names as ANSI codes taken from picocolors, blank when colour is off so logs stay clean.
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

type Paint = (text: string) => string;

// picocolors paints whole strings; the guide's names are bare opening codes, so take what precedes the text
const opening = (paint: Paint): string => paint('\0').split('\0')[0]!;

/** Builds the colour table from picocolors; `enabled=false` gives empty strings (for NO_COLOR, pipes, CI logs). */
export function createColorCodes(enabled: boolean): Readonly<ColorCodes> {
  const c = pc.createColors(enabled);
  return Object.freeze({
    HEADER: opening(c.magentaBright),
    OKBLUE: opening(c.blueBright),
    OKCYAN: opening(c.cyanBright),
    OKGREEN: opening(c.greenBright),
    WARNING: opening(c.yellowBright),
    FAIL: opening(c.redBright),
    ENDC: opening(c.reset),
    BOLD: opening(c.bold),
    UNDERLINE: opening(c.underline),
  });
}

/** The guide's `Colors`, following picocolors' detection (NO_COLOR, FORCE_COLOR, TTY). */
export const Colors: Readonly<ColorCodes> = createColorCodes(pc.isColorSupported);
