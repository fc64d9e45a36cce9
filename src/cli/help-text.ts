export const HELP_TEXT = `Usage: change-gate validate [options] FILE...
       change-gate doctor --repo OWNER/NAME [--app-slug SLUG] [--app-id ID] [--format text|json]
       change-gate labels --repo OWNER/NAME
       change-gate history --repo OWNER/NAME --number N --public-key FILE [--public-key FILE...]
                           [--app-slug SLUG] [--format text|json]
       change-gate report (--repo OWNER/NAME | --org OWNER) (--period YYYY-MM | --from ISO --to ISO)
                          --public-key FILE [--public-key FILE...] [--app-slug SLUG]
                          [--format markdown|json|csv|html] [--output FILE]
       change-gate audit export --repo OWNER/NAME (--period YYYY-MM | --from ISO --to ISO)
                                --public-key FILE [--public-key FILE...] [--app-slug SLUG]
                                [--output FILE]
       change-gate audit verify EXPORT --public-key FILE [--public-key FILE...]
                                [--format text|json]
       change-gate notify test [--config FILE]
       change-gate --version

validate: checks change requests and Change Gate configs, as the app reads them.

A FILE is one of (- reads standard input):
  change     a YAML document whose root key is change_request:
  config     a .github/change-management.yml (root key change_management:)
  markdown   a pull request or issue body (.md) holding a \`\`\`yaml change block
The kind is detected from the file name and root key unless --kind is given.

A change request is valid when it parses, matches schemas/change-request.schema.json
and meets the approval criteria it can show by itself: a rollback plan, a test plan
and a listed test environment when testing is required, affected systems, and a
change type the policy knows. Missing criteria count as invalid here, although the
app shows them on the check run rather than refusing the pull request. Every problem
of a file is reported in one run. A role the form's approvers: adds that the config
does not name is a warning: the app reads it as the organisation team of that name.

Change requests are checked against --config FILE; else, inside a git repository,
against its .github/change-management.yml (the CLI says so on stderr); else the
procedure's defaults.

Options:
  --kind change|config|markdown   treat every FILE as this kind
  --config FILE                   policy to check change requests against
  --format text|json              text: FILE:LINE:COL: message per problem (default)
                                  json: { files: [...], summary: { counts } }
  -V, --version                   print the version
  -h, --help                      show this help

doctor: reads a repository's settings and says, item by item, what is missing for
the procedure to be enforced (config, required check pinned to the app, protected
config, deploy gate, app permissions). Token from GITHUB_TOKEN or GH_TOKEN; GitHub
Enterprise Server through GITHUB_API_URL. --app-slug (default change-gate) and
--app-id name the app whose check must be required.

history: reads every comment of pull request or issue N of OWNER/NAME and verifies the
change's signed history with the given public key(s) only (repeat --public-key for rotated
keys; no private key is needed). Text: one line per verified entry (time, event, actor,
verdict), then every problem named (tampered, unknown_key, forged, foreign, broken_chain;
edited and duplicate are notices). --format json: the procedure's Change History
{ change_id, history: [...], repository, number, verified, problems }. History comments are
those of SLUG[bot] (--app-slug, default change-gate). Token from GITHUB_TOKEN or GH_TOKEN;
GitHub Enterprise Server through GITHUB_API_URL.

report: the procedure's report of OWNER/NAME, or of every repository of OWNER the token
sees (--org), for a month (UTC) or a range (the end excluded), with the escalations of the
period and a trend of the last 6 months: the changes carrying each repository's change
label, read in pages of 100 (GitHub's search, split into windows of at most 1,000), each
history verified with the given public key(s) only. Label from each repository's
.github/change-management.yml (else OWNER/.github's, else the default); targets from the
repository's config, or for --org from OWNER/.github's (else the procedure's). Markdown
with Mermaid charts (default), JSON, CSV, or html (one repository): a self-contained
dashboard page (Chart.js inline, nothing fetched; works offline and on GitHub Pages) with
the report, the changes open and overdue at the end of the period, and a calendar of
scheduled implementations, maintenance and freeze windows. --output FILE (-o) writes to
FILE instead of standard output. A progress bar on stderr when it is a terminal. Exit 1
when some change is not counted because its history does not verify; 2 when the changes
cannot all be read. Token and GITHUB_API_URL as for doctor.

audit export: the audit evidence of OWNER/NAME for a period, as one JSON file
(schemas/audit-export.schema.json) written to --output FILE (-o) or standard output.
Changes are chosen as report chooses them; for each: its change block as written and
parsed, approvals from the signed history (who, role, teams, when, which commit),
check runs and commit statuses on the approved commit, deployments, and every history
comment with its signature verdict; plus an index mapping the evidence to SOC 2 CC8.1
(the procedure's CC7) and ISO/IEC 27001:2022 A.8.32 (2013: A.12.1.2; the procedure's
A.12.1). Progress on stderr. Exit 1 when some change does not verify (it is exported,
marked). Token and GITHUB_API_URL as for doctor.

audit verify: re-checks an audit export offline with the given public key(s) only (no
token, no network): every signature and chain is recomputed from the exported comments
and every verdict, approval, status and total derived again; nothing the file says is
trusted. Names each tampered, missing, forged, foreign or unknown-key entry and each
edited field (change, comment, JSON pointer, why). EXPORT - reads standard input.

labels: gives the repository's status labels (change:approved, …) their colours and
descriptions: creates the missing ones and restyles those GitHub created grey (a change
labelled before the app was installed there); colours a person chose are left alone.
The app does this itself for the repositories it is installed on (at most 30 per
installation event). Needs a token that can write the repository's issues. Exit 2 when
the labels cannot be read or written.

notify test: sends one sample message to every destination the config's
notifications name (each email address list, Slack webhook and signed webhook),
reading their secrets from the CHANGE_GATE_NOTIFY_* environment variables the config
names, and says for each whether it was delivered. The config is --config FILE, else
the repository's .github/change-management.yml. Exit 1 when one failed, 2 when the
config is missing, invalid or names no destination.

Exit status: 0 every FILE is valid (doctor: nothing missing; history: it verifies; report:
every change counted; audit: everything verifies), 1 some FILE is invalid (doctor:
something is missing; history: it does not verify; report: some change not counted;
audit: something does not verify), 2 usage error (unknown option, no FILE,
unreadable FILE, invalid config; doctor: no token, repository unreadable; history, report:
no token, bad --number or period, no or unreadable --public-key, change, repository or
changes unreadable; audit verify: unreadable EXPORT).
`;
