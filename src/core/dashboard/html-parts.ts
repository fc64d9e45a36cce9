import type { Cell } from './html-table.ts';
import { htmlText } from './html-text.ts';

/** Small HTML pieces of the dashboard; every text they take is escaped here. */
export const badge = (kind: string, text: string): Cell => ({
  html: `<span class="badge ${kind}">${htmlText(text)}</span>`,
});

export const utc = (iso: string): string => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

export const section = (id: string, title: string, body: string): string =>
  `<section id="${id}"><h2>${htmlText(title)}</h2>${body}</section>`;

export const panel = (title: string, body: string): string =>
  `<div class="panel"><h3>${htmlText(title)}</h3>${body}</div>`;

export const chart = (options: { id: string; label: string; tall?: boolean }): string =>
  `<div class="chart${options.tall ? ' tall' : ''}"><canvas id="${options.id}" role="img" aria-label="${htmlText(
    options.label,
  )}"></canvas></div>`;

export const empty = (text: string): string => `<p class="empty">${htmlText(text)}</p>`;

export const card = (options: {
  id: string;
  label: string;
  value: string | number;
  alert?: boolean;
}): string =>
  `<div class="card${options.alert ? ' alert' : ''}" id="${options.id}"><div class="label">${htmlText(
    options.label,
  )}</div><div class="value">${htmlText(options.value)}</div></div>`;

/** What the target charts' colours mean, in words beside each swatch (colour is never the only sign). */
export const TARGET_LEGEND =
  '<p class="legend"><span class="swatch met"></span>met <span class="swatch not-met"></span>not met ' +
  '<span class="swatch none"></span>no target or n/a <span class="swatch target"></span>target</p>';
