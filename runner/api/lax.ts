// Pydantic v2 "lax mode" scalar coercion, so values the old FastAPI service accepted (e.g. duration "60") still validate.
import { z } from 'zod';

// pydantic-core's str→bool table (case-insensitive, surrounding whitespace ignored).
const TRUE_STRINGS = new Set(['1', 'on', 't', 'true', 'y', 'yes']);
const FALSE_STRINGS = new Set(['0', 'off', 'f', 'false', 'n', 'no']);
// An optional sign, digits (underscores between them, as Python's int() allows), optionally ".0…".
const INT_STRING = /^[+-]?\d+(_\d+)*(\.0*)?$/;

/** What pydantic's lax bool accepts, as a boolean; anything else is returned unchanged for zod to reject. */
export function laxBoolValue(value: unknown): unknown {
  if (typeof value === 'string') {
    const s = value.trim().toLowerCase();
    if (TRUE_STRINGS.has(s)) return true;
    if (FALSE_STRINGS.has(s)) return false;
  }
  if (value === 0 || value === 1) return value === 1;
  return value;
}

/** What pydantic's lax int accepts (integer strings, floats without a fraction), as a number; else unchanged. */
export function laxIntValue(value: unknown): unknown {
  if (typeof value === 'string') {
    const s = value.trim();
    if (INT_STRING.test(s)) {
      const n = Number(s.replaceAll('_', ''));
      if (Number.isSafeInteger(n)) return n;
    }
  }
  // Python bools are ints: pydantic's lax int takes True as 1.
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

/** A boolean schema that first applies pydantic's lax string/int coercion. */
export const laxBoolean = () => z.preprocess(laxBoolValue, z.boolean());

/** Wraps an integer schema so pydantic-lax inputs ("60", 60.0) are coerced before it checks them. */
export const laxInt = <T extends z.ZodType>(schema: T) => z.preprocess(laxIntValue, schema);
