import { parseChange } from '../change-request/parse-change.ts';
import type { Policy } from '../policy/policy.ts';
import type { AuditRequest } from './audit-export.ts';

/**
 * The change block of a body now, parsed as the app parses it, and whether it is the block the signed
 * history last recorded (`recordedBlockHash`, from the latest `submitted` or `invalidated` entry).
 */
export const auditRequestOf = (options: {
  body: string;
  policy: Policy;
  recordedBlockHash: string | null;
}): AuditRequest => {
  const { body, recordedBlockHash } = options;
  const parsed = parseChange(body, { changeTypes: options.policy.change_types });
  const block =
    parsed.status === 'valid' ? parsed.change.block : parsed.status === 'invalid' ? parsed.block : null;
  const problems =
    parsed.status === 'invalid'
      ? parsed.problems.map((problem) => `line ${problem.line}: ${problem.message}`)
      : [];
  const blockHash = block?.hash ?? null;
  return {
    body,
    block: block?.text ?? null,
    block_hash: blockHash,
    parse: parsed.status,
    fields: parsed.status === 'valid' ? (parsed.change.form as unknown as Record<string, unknown>) : null,
    problems,
    recorded_block_hash: recordedBlockHash,
    matches_recorded: recordedBlockHash === null ? null : blockHash === recordedBlockHash,
  };
};
