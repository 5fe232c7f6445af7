/**
 * Splits a guide (MDX) into the two things the snippet checks read: fenced code blocks, and the
 * prose around them as paragraphs, list items, headings and table rows. Each piece keeps the line
 * it starts on, so every finding can say `file:line`. Plain text in, plain data out: no MDX
 * compiler, because the checks must point at the source lines a writer edits, not at built HTML.
 */

/** One fenced code block: its language (lower case, '' when none), the rest of the fence line, its body and the line of its first body line. */
export interface FencedBlock {
  lang: string;
  meta: string;
  body: string;
  /** 1-based line of the first line inside the fence. */
  line: number;
}

/** One piece of prose outside code: a paragraph, a list item, a heading or a table row. */
export interface ProseBlock {
  kind: 'paragraph' | 'list-item' | 'heading' | 'table-row' | 'frontmatter';
  text: string;
  /** 1-based line the piece starts on. */
  line: number;
}

const fenceOpen = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$/;

/** Lines of the file with the frontmatter blanked, so line numbers stay those of the file. */
function bodyLines(source: string): string[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
    if (end > 0) for (let i = 0; i <= end; i++) lines[i] = '';
  }
  return lines;
}

interface Scan {
  fences: FencedBlock[];
  /** For each line: true when it is part of a fence (the fence lines included). */
  inCode: boolean[];
  lines: string[];
}

function scan(source: string): Scan {
  const lines = bodyLines(source);
  const fences: FencedBlock[] = [];
  const inCode = lines.map(() => false);
  for (let i = 0; i < lines.length; i++) {
    const open = fenceOpen.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const marker = open[2]!;
    const closing = new RegExp(`^\\s*${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`);
    let j = i + 1;
    while (j < lines.length && !closing.test(lines[j]!)) j++;
    // A fence inside a list item is indented; its body is read as written without that indent.
    const body = lines
      .slice(i + 1, j)
      .map((l) => l.replace(new RegExp(`^ {0,${indent}}`), ''))
      .join('\n');
    fences.push({ lang: open[3]!.toLowerCase(), meta: open[4]!.trim(), body, line: i + 2 });
    for (let k = i; k <= Math.min(j, lines.length - 1); k++) inCode[k] = true;
    i = j;
  }
  return { fences, inCode, lines };
}

/** Every fenced code block in an MDX or Markdown file, in order. */
export function fencedBlocks(source: string): FencedBlock[] {
  return scan(source).fences;
}

const listItem = /^\s*(?:[-*+]|\d+[.)])\s+/;
const heading = /^\s{0,3}#{1,6}\s+/;
const tableRow = /^\s*\|.*\|\s*$/;
const tableRule = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;
/** MDX lines that are code, not prose: imports, exports and lines that are only JSX tags. */
const notProse = /^\s*(?:import\s|export\s|<\/?[A-Za-z][^>]*>\s*$|\{\/\*.*\*\/\}\s*$)/;

/** Every paragraph, list item, heading and table row outside code, frontmatter and JSX lines. */
export function proseBlocks(source: string): ProseBlock[] {
  const { inCode, lines } = scan(source);
  const blocks: ProseBlock[] = [];
  let current: ProseBlock | undefined;
  const close = () => {
    if (current && current.text.trim() !== '') blocks.push({ ...current, text: current.text.trim() });
    current = undefined;
  };
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (inCode[i] || raw.trim() === '' || notProse.test(raw) || tableRule.test(raw)) {
      close();
      return;
    }
    if (heading.test(raw)) {
      close();
      blocks.push({ kind: 'heading', text: raw.replace(heading, '').trim(), line });
      return;
    }
    if (tableRow.test(raw)) {
      close();
      blocks.push({ kind: 'table-row', text: raw.trim(), line });
      return;
    }
    if (listItem.test(raw)) {
      close();
      current = { kind: 'list-item', text: raw.replace(listItem, ''), line };
      return;
    }
    if (current) current.text += ` ${raw.trim()}`;
    else current = { kind: 'paragraph', text: raw.trim(), line };
  });
  close();
  return blocks;
}

/** The frontmatter fields readers see as prose (title, description, time to do), as prose blocks. */
export function frontmatterProse(source: string): ProseBlock[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  if (lines[0]?.trim() !== '---') return [];
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  return lines.slice(1, end).flatMap((l, i) => {
    const m = /^(title|description|timeToDo):\s*(.+)$/.exec(l);
    return m ? [{ kind: 'frontmatter' as const, text: m[2]!.replace(/^["']|["']$/g, ''), line: i + 2 }] : [];
  });
}
