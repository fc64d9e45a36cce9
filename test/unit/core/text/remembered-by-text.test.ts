import { describe, expect, it } from 'vitest';
import { rememberedByText } from '../../../../src/core/text/remembered-by-text.ts';

const counting = (options: { maxTexts: number; maxChars: number }) => {
  const remembered = rememberedByText<string>(options);
  const computed: string[] = [];
  const of = (text: string) =>
    remembered.of(text, () => {
      computed.push(text);
      return text.toUpperCase();
    });
  return { of, computed };
};

describe('rememberedByText', () => {
  it('computes a text once while it is among the last used', () => {
    const { of, computed } = counting({ maxTexts: 2, maxChars: 100 });
    expect(of('a')).toBe('A');
    expect(of('a')).toBe('A');
    expect(computed).toEqual(['a']);
  });

  it('forgets the least recently used text past maxTexts', () => {
    const { of, computed } = counting({ maxTexts: 2, maxChars: 100 });
    of('a');
    of('b');
    of('a'); // a is now the most recent: b goes first
    of('c');
    of('a');
    of('b');
    expect(computed).toEqual(['a', 'b', 'c', 'b']);
  });

  it('keeps the texts within maxChars in all, and never keeps a text longer than that alone', () => {
    const { of, computed } = counting({ maxTexts: 10, maxChars: 6 });
    of('aaa');
    of('bbb');
    of('ccc'); // 9 characters: aaa goes
    of('bbb');
    of('aaa');
    of('xxxxxxx'); // 7 > 6: computed, not kept, and keeps the others
    of('xxxxxxx');
    of('aaa');
    expect(computed).toEqual(['aaa', 'bbb', 'ccc', 'aaa', 'xxxxxxx', 'xxxxxxx']);
  });
});
