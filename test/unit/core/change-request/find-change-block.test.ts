import { describe, expect, it } from 'vitest';
import { findChangeBlock } from '../../../../src/core/change-request/find-change-block.ts';

const FORM = 'change_request:\n  title: x';

describe('findChangeBlock', () => {
  it('finds a ```yaml block and reports its first content line', () => {
    expect(findChangeBlock(`# Title\n\n\`\`\`yaml\n${FORM}\n\`\`\`\n`)).toEqual({
      text: FORM,
      startLine: 4,
      fenced: true,
    });
  });

  it('accepts yml, upper case and extra info after the language', () => {
    expect(findChangeBlock(`\`\`\`yml\n${FORM}\n\`\`\``)?.text).toBe(FORM);
    expect(findChangeBlock(`\`\`\`YAML title="change"\n${FORM}\n\`\`\``)?.text).toBe(FORM);
  });

  it('accepts tilde fences and longer fences, closed only by a fence at least as long', () => {
    const body = `~~~~yaml\n${FORM}\n  note: |\n    ~~~\n~~~~\n`;
    expect(findChangeBlock(body)?.text).toBe(`${FORM}\n  note: |\n    ~~~`);
  });

  it('strips the opening fence indentation (up to three spaces) from content lines', () => {
    expect(findChangeBlock(`   \`\`\`yaml\n   change_request:\n     title: x\n   \`\`\``)?.text).toBe(FORM);
  });

  it('does not treat a four-space indented fence as a fence', () => {
    expect(findChangeBlock(`    \`\`\`yaml\n    change_request:\n      title: x\n    \`\`\``)).toBeNull();
  });

  it('skips yaml blocks with another root key, and blocks nested in other code blocks or HTML comments', () => {
    const body = [
      '```yaml',
      'other: 1',
      '```',
      '````md',
      '```yaml',
      'change_request:',
      '  title: nested',
      '```',
      '````',
      '<!-- template',
      '```yaml',
      'change_request:',
      '  title: commented',
      '```',
      '-->',
      '```yaml',
      '# leading comment',
      '---',
      FORM,
      '```',
    ].join('\n');
    expect(findChangeBlock(body)).toEqual({
      text: `# leading comment\n---\n${FORM}`,
      startLine: 17,
      fenced: true,
    });
  });

  it('reads an unclosed fence to the end of the body', () => {
    expect(findChangeBlock(`text\n\`\`\`yaml\n${FORM}\n`)).toEqual({
      text: `${FORM}\n`,
      startLine: 3,
      fenced: true,
    });
  });

  it('does not take a backtick fence whose info string has a backtick', () => {
    expect(findChangeBlock(`\`\`\`yaml \`x\`\n${FORM}\n\`\`\``)).toBeNull();
  });

  it('takes a bare YAML document rooted at change_request as the block', () => {
    expect(findChangeBlock(`# comment\n${FORM}\n`)).toEqual({
      text: `# comment\n${FORM}\n`,
      startLine: 1,
      fenced: false,
    });
  });

  it('normalises CRLF and CR line endings', () => {
    expect(findChangeBlock(`\`\`\`yaml\r\n${FORM.replace('\n', '\r\n')}\r\n\`\`\``)?.text).toBe(FORM);
    expect(findChangeBlock(`\`\`\`yaml\r${FORM.replace('\n', '\r')}\r\`\`\``)?.text).toBe(FORM);
  });

  it('returns null when there is no change block', () => {
    expect(findChangeBlock('no block here')).toBeNull();
    expect(findChangeBlock('```json\n{"change_request": {}}\n```')).toBeNull();
    expect(findChangeBlock('```yaml\nchange_requests:\n  title: x\n```')).toBeNull();
  });

  it('scans a megabyte of fence-like lines in one pass', () => {
    const body = '```\n'.repeat(250_000);
    expect(findChangeBlock(body)).toBeNull();
  });
});
