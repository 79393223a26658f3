// Renders the job summary's Markdown (what GitHub shows on the run's page) for a terminal: headings
// stand out, tables become aligned columns, <details> blocks are flattened (a terminal cannot fold),
// and inline markup is reduced to the text a reader needs. It covers the Markdown job summaries use
// (GFM tables, headings, lists, quotes, fences, a little HTML), not all of CommonMark.
import { stripAnsi, type Style } from './style.js';

/** Combining marks (variation selectors among them) and the zero-width spaces and joiners. */
const isZeroWidth = (character: string): boolean => {
  const code = character.codePointAt(0) ?? 0;
  return /\p{M}/u.test(character) || (code >= 0x200b && code <= 0x200f);
};
const WIDE = /[\p{Emoji_Presentation}\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** Columns a string takes in a terminal: wide for emoji and East Asian wide characters, none for marks. */
export function displayWidth(text: string): number {
  let width = 0;
  // U+FE0F asks for the emoji form of a text pictograph (`⚠️`), which terminals draw two columns wide.
  let narrowPictograph = false;
  for (const character of stripAnsi(text)) {
    if (character === '\ufe0f') {
      if (narrowPictograph) width += 1;
      narrowPictograph = false;
      continue;
    }
    if (isZeroWidth(character)) continue;
    const wide = WIDE.test(character);
    width += wide ? 2 : 1;
    narrowPictograph = !wide && /\p{Extended_Pictographic}/u.test(character);
  }
  return width;
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

/** Inline Markdown to terminal text: code spans plain, bold kept as bold, links as `text (url)`. */
export function renderInline(text: string, style: Style): string {
  // Code spans first: nothing inside them is markup.
  return text
    .split(/(`+)(.*?)\1/)
    .map((part, index) => {
      const position = index % 3;
      if (position === 1) return '';
      if (position === 2) return part;
      return renderProse(part, style);
    })
    .join('');
}

function renderProse(text: string, style: Style): string {
  return text
    .replace(/<br\s*\/?>/gi, ' ')
    .replace(/<summary>(.*?)<\/summary>/gi, (_match, inner: string) => style.bold(inner))
    .replace(/<\/?[A-Za-z][^>]*>/g, '')
    .replace(/\[([^\]]*)\]\(([^)\s]+)\)/g, (_match, label: string, url: string) => (label === url ? url : `${label} (${url})`))
    .replace(/\*\*(.+?)\*\*|__(.+?)__/g, (_match, stars: string | undefined, underscores: string | undefined) =>
      style.bold(stars ?? underscores ?? ''),
    )
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_match, name: string) => ENTITIES[name] ?? '')
    .replace(/\\([\\`*_{}[\]()#+\-.!|<>])/g, '$1');
}

type Alignment = 'left' | 'right' | 'center';

/** Splits a GFM table row on unescaped pipes; `\|` stays a pipe inside the cell. */
export function splitRow(line: string): string[] {
  const trimmed = line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return trimmed.split(/(?<!\\)\|/).map((cell) => cell.trim().replace(/\\\|/g, '|'));
}

const isDelimiterRow = (cells: readonly string[]): boolean => cells.length > 0 && cells.every((cell) => /^:?-+:?$/.test(cell));

function alignmentOf(cell: string): Alignment {
  if (cell.startsWith(':') && cell.endsWith(':')) return 'center';
  return cell.endsWith(':') ? 'right' : 'left';
}

function pad(text: string, width: number, alignment: Alignment): string {
  const room = Math.max(0, width - displayWidth(text));
  if (alignment === 'right') return `${' '.repeat(room)}${text}`;
  if (alignment === 'center') return `${' '.repeat(Math.floor(room / 2))}${text}${' '.repeat(Math.ceil(room / 2))}`;
  return `${text}${' '.repeat(room)}`;
}

/** A GFM table as aligned columns; a header row of empty cells (a key/value table) is left out. */
export function renderTable(lines: readonly string[], style: Style): string[] {
  const rows = lines.map(splitRow);
  const delimiter = rows[1] && isDelimiterRow(rows[1]) ? rows[1] : undefined;
  const header = delimiter ? rows[0] : undefined;
  const body = delimiter ? rows.slice(2) : rows;
  const columns = Math.max(...rows.map((row) => row.length));
  const alignments = Array.from({ length: columns }, (_, column) => alignmentOf(delimiter?.[column] ?? ''));
  const rendered = (row: readonly string[]): string[] =>
    Array.from({ length: columns }, (_, column) => renderInline(row[column] ?? '', style));
  const showHeader = header?.some((cell) => cell !== '') === true;
  const table = [...(showHeader ? [rendered(header)] : []), ...body.map(rendered)];
  const widths = alignments.map((_, column) => Math.max(...table.map((row) => displayWidth(row[column] ?? ''))));
  const format = (row: readonly string[]): string =>
    row
      .map((cell, column) => pad(cell, widths[column] ?? 0, alignments[column] ?? 'left'))
      .join('  ')
      .trimEnd();
  const output = table.map(format);
  if (showHeader) {
    const total = widths.reduce((sum, width) => sum + width, 0) + 2 * (columns - 1);
    output.splice(0, 1, style.bold(output[0] ?? ''), style.dim('─'.repeat(total)));
  }
  return output;
}

function renderHeading(level: number, text: string, style: Style): string[] {
  const title = renderInline(text, style);
  if (level > 2) return [style.bold(title)];
  return [style.bold(title), style.dim((level === 1 ? '═' : '─').repeat(displayWidth(title)))];
}

/** Lines of a block that is not a table or a code fence. */
function renderBlockLine(line: string, style: Style): string | undefined {
  const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
  if (heading) return renderHeading(heading[1]?.length ?? 1, heading[2] ?? '', style).join('\n');
  if (/^\s*<\/?details[^>]*>\s*$/i.test(line)) return undefined;
  if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) return style.dim('─'.repeat(40));
  const quote = /^\s*>\s?(.*)$/.exec(line);
  if (quote) return `${style.dim('│')} ${renderInline(quote[1] ?? '', style)}`;
  const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(line);
  if (bullet) return `${bullet[1] ?? ''}• ${renderInline(bullet[2] ?? '', style)}`;
  const rendered = renderInline(line, style);
  // A line that was only markup (`<details><summary>…` leaves its summary) must not become a blank line.
  return rendered.trim() === '' && line.trim() !== '' ? undefined : rendered;
}

export function renderMarkdown(markdown: string, style: Style): string {
  const output: string[] = [];
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    const fence = /^\s*(```|~~~)/.exec(line);
    if (fence) {
      while (++index < lines.length && !(lines[index] ?? '').trimStart().startsWith(fence[1] ?? '```')) {
        output.push(`    ${lines[index] ?? ''}`);
      }
    } else if (line.trimStart().startsWith('|')) {
      const table: string[] = [];
      while (index < lines.length && (lines[index] ?? '').trimStart().startsWith('|')) table.push(lines[index++] ?? '');
      index--;
      output.push(...renderTable(table, style));
    } else {
      const rendered = renderBlockLine(line, style);
      if (rendered !== undefined) output.push(rendered);
    }
  }
  return collapseBlankLines(output).join('\n');
}

/** Flattening <details> and dropping markup leaves runs of blank lines; one is enough. */
function collapseBlankLines(lines: readonly string[]): string[] {
  const kept = lines.filter((line, index) => line.trim() !== '' || (index > 0 && (lines[index - 1] ?? '').trim() !== ''));
  while (kept.length > 0 && (kept[0] ?? '').trim() === '') kept.shift();
  while (kept.length > 0 && (kept.at(-1) ?? '').trim() === '') kept.pop();
  return kept;
}
