/**
 * Renders the Block Kit blocks Change Gate sends (header, section with text or fields, context) as a page that
 * looks like Slack's, to show the message in the README. The mrkdwn in them is already Slack-escaped (`&amp;`,
 * `&lt;`, `&gt;`), so only Slack's own markup is turned into HTML: `<url|label>` links, `*bold*`, line breaks.
 */
interface Block {
  type: string;
  text?: { type: string; text: string };
  fields?: Array<{ type: string; text: string }>;
  elements?: Array<{ type: string; text: string }>;
}

const mrkdwn = (text: string): string =>
  text
    .replace(/"/g, '&quot;')
    .replace(/<(https?:\/\/[^|>\s]+)\|([^>]+)>/g, '<a href="$1">$2</a>')
    .replace(/\*([^*\n]+)\*/g, '<b>$1</b>')
    .replace(/\n/g, '<br>');

const plain = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const renderBlock = (block: Block): string => {
  if (block.type === 'header') return `<h1 class="header">${plain(block.text?.text ?? '')}</h1>`;
  if (block.type === 'section') {
    const text = block.text ? `<p class="text">${mrkdwn(block.text.text)}</p>` : '';
    const fields = block.fields
      ? `<div class="fields">${block.fields.map((field) => `<div class="field">${mrkdwn(field.text)}</div>`).join('')}</div>`
      : '';
    return `<section>${text}${fields}</section>`;
  }
  if (block.type === 'context')
    return `<footer class="context">${(block.elements ?? []).map((element) => mrkdwn(element.text)).join(' ')}</footer>`;
  return '';
};

export const blockKitHtml = (message: { blocks: Block[] }): string => `<!doctype html>
<html><head><meta charset="utf-8"><title>Slack message</title><style>
body { margin: 0; padding: 16px; background: #fff; font: 15px/1.47 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: #1d1c1d; width: 560px; }
.message { display: flex; gap: 8px; }
.avatar { width: 36px; height: 36px; border-radius: 6px; background: #5319e7; color: #fff; font-weight: 700; display: flex; align-items: center; justify-content: center; }
.app { font-weight: 900; } .badge { font-size: 11px; background: #e8e8e8; border-radius: 3px; padding: 0 3px; margin-left: 4px; color: #616061; }
.header { font-size: 18px; font-weight: 900; margin: 4px 0; }
.text { margin: 4px 0; } a { color: #1264a3; text-decoration: none; }
.fields { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 16px; margin: 8px 0; }
.context { font-size: 12px; color: #616061; margin-top: 6px; }
</style></head><body><div class="message"><div class="avatar">CG</div><div>
<div><span class="app">Change Gate</span><span class="badge">APP</span></div>
${message.blocks.map(renderBlock).join('\n')}
</div></div></body></html>`;
