import { htmlText } from './html-text.ts';

/** A cell: text (escaped here) or HTML this module's callers built from escaped parts. */
export type Cell = string | number | null | { html: string; numeric?: boolean };

const cellHtml = (cell: Cell, tag: 'td' | 'th'): string => {
  if (cell !== null && typeof cell === 'object')
    return `<${tag}${cell.numeric ? ' class="num"' : ''}>${cell.html}</${tag}>`;
  if (typeof cell === 'number') return `<${tag} class="num">${cell}</${tag}>`;
  return `<${tag}>${cell === null ? '—' : htmlText(cell)}</${tag}>`;
};

/** An HTML table with an id (tests and readers find it by that), header cells and rows; every text escaped. */
export const htmlTable = (options: {
  id: string;
  header: readonly Cell[];
  rows: readonly (readonly Cell[])[];
}) =>
  `<div class="scroll"><table id="${htmlText(options.id)}"><thead><tr>${options.header
    .map((cell) => cellHtml(cell, 'th'))
    .join('')}</tr></thead><tbody>${options.rows
    .map((row) => `<tr>${row.map((cell) => cellHtml(cell, 'td')).join('')}</tr>`)
    .join('')}</tbody></table></div>`;
