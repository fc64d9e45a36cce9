// `node bench/audit.bench.ts [changes]`: time and size of an audit export and its offline verification. Prints figures only.
import { generateKeyPairSync } from 'node:crypto';
import type { AuditChangeFacts } from '../src/core/audit/audit-export.ts';
import { buildAuditExport } from '../src/core/audit/build-audit-export.ts';
import { verifyAuditExport } from '../src/core/audit/verify-audit-export.ts';
import { changeIdOf } from '../src/core/decision/change-id.ts';
import { appendEntry } from '../src/core/history/append-entry.ts';
import { createSigner } from '../src/core/history/create-signer.ts';
import { entryHash } from '../src/core/history/entry-hash.ts';
import type { HistoryEntry, HistoryEvent } from '../src/core/history/history-entry.ts';
import { renderHistoryComment } from '../src/core/history/render-history-comment.ts';
import { defaultPolicy } from '../src/core/policy/default-policy.ts';
import { reportPeriod } from '../src/core/report/report-period.ts';

const count = Number(process.argv[2] ?? 500);
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signer = createSigner(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString());
const sha = 'a'.repeat(40);
const events: HistoryEvent[] = ['submitted', 'approved', 'implementing', 'completed'];

const changes: AuditChangeFacts[] = Array.from({ length: count }, (_, index) => {
  const number = index + 1;
  const created_at = '2026-03-01T00:00:00Z';
  const changeId = changeIdOf({ createdAt: created_at, number });
  const written: Array<{ entry: HistoryEntry; hash: string }> = [];
  const comments = events.map((event, step) => {
    const entry = appendEntry({
      history: written,
      draft: {
        event,
        change_id: changeId,
        actor: 'carol',
        head_sha: sha,
        block_hash: null,
        data: { repository: 'acme/shop', number, approvers: { 'change-manager': ['carol'] } },
      },
      at: new Date(Date.UTC(2026, 2, 2, step)).toISOString(),
    });
    const signed = signer.sign(entry);
    written.push({ entry: signed.entry, hash: entryHash(signed) });
    const at = new Date(Date.UTC(2026, 2, 2, step)).toISOString();
    return {
      id: number * 10 + step,
      author: 'change-gate[bot]',
      author_is_bot: true,
      created_at: at,
      updated_at: at,
      edited: false,
      body: renderHistoryComment({ signed }),
    };
  });
  return {
    number,
    kind: 'pull_request',
    title: `Change ${number}`,
    url: `https://github.com/acme/shop/pull/${number}`,
    author: 'dev',
    created_at,
    body: '```yaml\nchange_request:\n  title: "x"\n  change_type: "feature"\n  priority: "low"\n```\n',
    comments,
    checks: { sha, check_runs: [], statuses: [] },
    deployments: [],
  };
});

let start = performance.now();
const document = buildAuditExport({
  repository: 'acme/shop',
  period: reportPeriod('2026-03'),
  label: 'change',
  updatedSince: '2026-03-01',
  botLogin: 'change-gate[bot]',
  verifiers: [signer],
  config: { path: '.github/change-management.yml', text: null },
  policy: defaultPolicy(),
  generatedAt: new Date().toISOString(),
  changes,
});
const buildMs = performance.now() - start;
const text = JSON.stringify(document, null, 2);
start = performance.now();
const result = verifyAuditExport({ document: JSON.parse(text), verifiers: [signer] });
const verifyMs = performance.now() - start;
console.log(`| changes | entries | export bytes | build ms | verify ms | verified |`);
console.log(`| ---: | ---: | ---: | ---: | ---: | --- |`);
console.log(
  `| ${count} | ${count * events.length} | ${text.length} | ${buildMs.toFixed(0)} | ${verifyMs.toFixed(0)} | ${result.ok} |`,
);
