// Finds `${{ … }}` spans in a string. Quotes inside an expression may contain `}}`, so we scan rather than
// use a regular expression.

export interface TemplateSpan {
  /** The expression text between the braces, trimmed. */
  source: string;
  /** Offset of the first character of `${{` in the string. */
  start: number;
  /** Offset just past the closing `}}`. */
  end: number;
  /** Offset of the trimmed expression's first character (for error positions). */
  sourceStart: number;
}

export type TemplatePart = { text: string } | TemplateSpan;

export class TemplateSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}

const OPEN = '${{';

/** Splits text into literal text and expression spans. Throws TemplateSyntaxError on an unclosed `${{`. */
export function splitTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let pos = 0;
  while (pos < text.length) {
    const open = text.indexOf(OPEN, pos);
    if (open < 0) break;
    if (open > pos) parts.push({ text: text.slice(pos, open) });
    const close = findClose(text, open + OPEN.length);
    if (close < 0) throw new TemplateSyntaxError('unclosed `${{`: expected `}}`', open);
    const raw = text.slice(open + OPEN.length, close);
    const lead = raw.length - raw.trimStart().length;
    parts.push({ source: raw.trim(), start: open, end: close + 2, sourceStart: open + OPEN.length + lead });
    pos = close + 2;
  }
  if (pos < text.length) parts.push({ text: text.slice(pos) });
  return parts;
}

function findClose(text: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\') i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '}' && text[i + 1] === '}') {
      return i;
    }
  }
  return -1;
}

export function hasTemplate(text: string): boolean {
  return text.includes(OPEN);
}
