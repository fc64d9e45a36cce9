import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { DeliveryLog } from '../../../src/ops/delivery-log.ts';

/** A real pino logger at `level` whose JSON lines are kept, and a count of the children made of it. */
const recorded = (level: string) => {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  const log = pino({ level, name: 'probot' }, sink);
  let children = 0;
  const child = log.child;
  log.child = function (this: typeof log, ...args: Parameters<typeof child>) {
    children++;
    return child.apply(this, args);
  } as typeof log.child;
  return { log, lines, children: () => children };
};

const FIELDS = { delivery: 'd-1', event: 'pull_request.opened' };

describe('DeliveryLog', () => {
  it("writes every line with the delivery's fields, through one child built at the first line", () => {
    const { log, lines, children } = recorded('info');
    const delivery = new DeliveryLog(log as never, FIELDS);
    expect(children()).toBe(0);
    delivery.info('one');
    delivery.warn({ change: 'acme/shop#1' }, 'two');
    delivery.error(new Error('three'), 'three');
    expect(children()).toBe(1);
    expect(
      lines.map(({ level, msg, delivery: id, event, change }) => ({ level, msg, id, event, change })),
    ).toEqual([
      { level: 30, msg: 'one', id: 'd-1', event: 'pull_request.opened', change: undefined },
      { level: 40, msg: 'two', id: 'd-1', event: 'pull_request.opened', change: 'acme/shop#1' },
      { level: 50, msg: 'three', id: 'd-1', event: 'pull_request.opened', change: undefined },
    ]);
  });

  it('builds nothing for a line below the level, nor to tell the level', () => {
    const { log, lines, children } = recorded('info');
    const delivery = new DeliveryLog(log as never, FIELDS);
    delivery.debug('dropped');
    delivery.trace('dropped');
    expect(delivery.isLevelEnabled('debug')).toBe(false);
    expect(delivery.isLevelEnabled('warn')).toBe(true);
    expect(delivery.level).toBe('info');
    expect(children()).toBe(0);
    expect(lines).toEqual([]);
  });

  it("takes a level of its own, as a pino child does: the parent's stays", () => {
    const { log, lines } = recorded('info');
    const delivery = new DeliveryLog(log as never, FIELDS);
    delivery.level = 'debug';
    delivery.debug('now written');
    log.debug('still dropped');
    expect(delivery.level).toBe('debug');
    expect(log.level).toBe('info');
    expect(lines).toMatchObject([{ msg: 'now written', delivery: 'd-1' }]);
  });

  it("gives children that carry the delivery's fields and their own", () => {
    const { log, lines } = recorded('debug');
    new DeliveryLog(log as never, FIELDS).child({ change: 'acme/shop#2' }).debug('evaluated');
    expect(lines).toMatchObject([{ msg: 'evaluated', delivery: 'd-1', change: 'acme/shop#2' }]);
  });

  it('writes every line through a parent that cannot tell its level', () => {
    const written: unknown[][] = [];
    const parent = { child: () => ({ debug: (...line: unknown[]) => written.push(line) }) };
    new DeliveryLog(parent as never, FIELDS).debug('kept', 1);
    expect(written).toEqual([['kept', 1]]);
  });
});
