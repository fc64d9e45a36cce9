import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createClock } from '../../../src/app/create-clock.ts';

const dir = mkdtempSync(join(tmpdir(), 'change-gate-clock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('createClock', () => {
  test('without CHANGE_GATE_CLOCK_FILE: the wall clock', () => {
    const now = createClock({})().getTime();
    expect(Math.abs(now - Date.now())).toBeLessThan(60_000);
  });

  test('with it: the offset in the file, read on every call, so a test can move the app forward', () => {
    const file = join(dir, 'clock.json');
    writeFileSync(file, JSON.stringify({ offsetMs: 25 * 3_600_000 }));
    const clock = createClock({ CHANGE_GATE_CLOCK_FILE: file });
    expect(clock().getTime() - Date.now()).toBeGreaterThan(24 * 3_600_000);
    writeFileSync(file, JSON.stringify({ offsetMs: 0 }));
    expect(clock().getTime() - Date.now()).toBeLessThan(3_600_000);
  });

  test('a garbled file is an error that names it, never a silent zero', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ offsetMs: '1d' }));
    expect(() => createClock({ CHANGE_GATE_CLOCK_FILE: file })()).toThrow(
      `CHANGE_GATE_CLOCK_FILE ${file}: offsetMs must be a number`,
    );
  });
});
