import { describe, expect, test } from 'vitest';
import { logsDebug } from '../../../src/ops/delivery-debug.ts';
import { DeliveryLog } from '../../../src/ops/delivery-log.ts';

describe('logsDebug', () => {
  test("asks the delivery logger for its level, which asks its parent without building the delivery's child", () => {
    const asked: string[] = [];
    const children: unknown[] = [];
    const parent = (debug: boolean) =>
      ({
        isLevelEnabled: (level: string) => {
          asked.push(level);
          return level !== 'debug' || debug;
        },
        child: (bindings: unknown) => children.push(bindings),
      }) as never;
    const fields = { delivery: 'd1', event: 'issues.opened' };
    expect(logsDebug({ log: new DeliveryLog(parent(false), fields) })).toBe(false);
    expect(asked).toEqual(['debug']);
    expect(logsDebug({ log: new DeliveryLog(parent(true), fields) })).toBe(true);
    expect(children).toEqual([]);
  });

  test('writes the line when the level cannot be told (a logger without isLevelEnabled)', () => {
    expect(logsDebug({})).toBe(true);
    expect(logsDebug({ log: {} })).toBe(true);
  });
});
