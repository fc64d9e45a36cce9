import { describe, expect, test } from 'vitest';
import { logsDebug, rememberDeliveryLogParent } from '../../../src/ops/delivery-debug.ts';

describe('logsDebug', () => {
  test("asks the delivery logger's parent for its level, without building the delivery's logger", () => {
    const atInfo = {};
    const atDebug = {};
    const asked: string[] = [];
    rememberDeliveryLogParent(atInfo, {
      isLevelEnabled: (level: string) => {
        asked.push(level);
        return level !== 'debug';
      },
    });
    rememberDeliveryLogParent(atDebug, { isLevelEnabled: () => true });
    expect(logsDebug(atInfo)).toBe(false);
    expect(asked).toEqual(['debug']);
    expect(logsDebug(atDebug)).toBe(true);
  });

  test('writes the line when the level cannot be told (a context instrumentApp did not see)', () => {
    expect(logsDebug({})).toBe(true);
  });
});
