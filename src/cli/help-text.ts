export const HELP_TEXT = `Usage: change-gate validate [options] FILE...

Validates change requests and Change Gate configs, as the app reads them.

A FILE is one of:
  change     a YAML document whose root key is change_request:
  config     a .github/change-management.yml (root key change_management:)
  markdown   a pull request or issue body (.md) holding a \`\`\`yaml change block
The kind is detected from the file name and root key unless --kind is given.

A change request is valid when it parses, matches schemas/change-request.schema.json
and meets the approval criteria it can show by itself: a rollback plan, a test plan
and a listed test environment when testing is required, affected systems, and a
change type the policy knows. Missing criteria count as invalid here, although the
app shows them on the check run rather than refusing the pull request.

Options:
  --kind change|config|markdown   treat every FILE as this kind
  --config FILE                   policy to check change requests against
                                  (default: the procedure's defaults)
  --format text|json              text: FILE:LINE:COL: message per problem (default)
                                  json: an array of results
  -h, --help                      show this help

Exit status: 0 every FILE is valid, 1 some FILE is invalid, 2 usage error
(unknown option, no FILE, unreadable FILE, invalid --config).
`;
