// Escaping for text and attribute values in the report's HTML and inline SVG: names come from users and pods.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes a value for HTML/SVG text or a quoted attribute; non-strings are stringified first. */
export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}
