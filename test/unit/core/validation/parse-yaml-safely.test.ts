import { describe, expect, it } from 'vitest';
import { parseYamlSafely } from '../../../../src/core/validation/parse-yaml-safely.ts';

function problems(text: string) {
  const result = parseYamlSafely(text);
  if (result.status !== 'error') throw new Error('expected an error');
  return result.problems.map((problem) => `${problem.line}:${problem.column} ${problem.message}`);
}

describe('parseYamlSafely', () => {
  it('parses with the YAML 1.2 core schema: dates and yes/no stay strings', () => {
    const result = parseYamlSafely('a: 2025-01-27\nb: yes\nc: 1\nd: true\ne: ~');
    expect(result.status === 'ok' && result.value).toEqual({
      a: '2025-01-27',
      b: 'yes',
      c: 1,
      d: true,
      e: null,
    });
  });

  it('allows a few aliases', () => {
    const result = parseYamlSafely('a: &roles [x, y]\nb: *roles');
    expect(result.status === 'ok' && result.value).toEqual({ a: ['x', 'y'], b: ['x', 'y'] });
  });

  it('refuses every tag, local or standard, at the tag', () => {
    expect(problems('a: !foo bar\nb: !!str 1\nc: !<tag:x> [1]')).toEqual([
      '1:4 tags are not allowed: "!foo"; write a plain value (quote it if it starts with "!")',
      '2:4 tags are not allowed: "!!str"; write a plain value (quote it if it starts with "!")',
      '3:4 tags are not allowed: "!<tag:x>"; write a plain value (quote it if it starts with "!")',
    ]);
  });

  it('does not mistake an exclamation mark inside a value for a tag', () => {
    expect(parseYamlSafely('a: "!not"\nb: x!y\nc: hello!').status).toBe('ok');
  });

  it('refuses a billion-laughs document at its first alias', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (const [previous, name] of [...'abcdefgh'].map((c, i) => [c, 'bcdefghi'[i]!])) {
      lines.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    expect(problems(lines.join('\n'))).toEqual([
      '2:8 aliases expand to too many values (more than 100): a YAML bomb is refused. Write the values out instead of using *aliases.',
    ]);
  });

  it('names a duplicate key', () => {
    expect(problems('a: 1\nlong_key: 2\nlong_key: 3')).toEqual([
      '3:1 duplicate key "long_key": a key may appear only once in a mapping',
    ]);
  });

  it('points an unclosed quote at where it opens', () => {
    expect(problems('a: 1\nb: "open\nc: 2\n')).toEqual([
      '2:4 YAML syntax error: this quoted value is never closed; add the closing quote',
    ]);
  });

  it('refuses a second document', () => {
    expect(problems('a: 1\n---\nb: 2')).toEqual([
      '2:1 only one YAML document is allowed here; remove the `---` separator',
    ]);
  });

  it('refuses text over the size limit before parsing it', () => {
    expect(problems('a: 1\n'.repeat(20_000))).toEqual([
      '1:1 YAML is 100,000 characters; at most 65,536 are read. Shorten it.',
    ]);
  });
});
