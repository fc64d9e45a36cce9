import { blockHash } from '../change-request/block-hash.ts';
import { findChangeBlock } from '../change-request/find-change-block.ts';
import { maintenanceSlotOf } from '../deploy/maintenance-slot.ts';
import { INPUT_LIMITS } from '../validation/input-limits.ts';
import { parseYamlSafely } from '../validation/parse-yaml-safely.ts';

/** A change's planned implementation slot, as its body's change block says. */
export interface ScheduledImplementation {
  start: number;
  end: number;
  /** The block is the one the signed history last recorded (same hash): the schedule is what was reviewed. */
  recorded: boolean;
}

/**
 * The slot a change's block schedules (`scheduled_time`, for the two hours the deploy gate gives it), or null
 * when the body has no block, the block does not parse, or it names no date-time. The body is user text that
 * may have been edited since the history recorded its block: `recorded` says whether its hash is the one
 * recorded. Never throws.
 */
export const scheduledImplementation = (options: {
  body: string | null;
  recordedBlockHash: string | null | undefined;
}): ScheduledImplementation | null => {
  const { body } = options;
  if (typeof body !== 'string' || body.length > INPUT_LIMITS.bodyChars) return null;
  const found = findChangeBlock(body);
  if (found === null) return null;
  const parsed = parseYamlSafely(found.text);
  if (parsed.status === 'error') return null;
  const form = (parsed.value as { change_request?: unknown } | null)?.change_request;
  if (form === null || typeof form !== 'object') return null;
  const slot = maintenanceSlotOf((form as { scheduled_time?: unknown }).scheduled_time);
  if (slot === null) return null;
  return {
    start: slot.start.getTime(),
    end: slot.end.getTime(),
    recorded:
      typeof options.recordedBlockHash === 'string' && options.recordedBlockHash === blockHash(found.text),
  };
};
