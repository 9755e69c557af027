#!/usr/bin/env bash
# Builds the VS Code / VSCodium extension for .regels files: installs the
# pinned npm packages, bundles the client, tests the TextMate grammar on the
# assertion files and on the rule library, and packages dist/regelwerk.vsix.
# Non-interactive; run from anywhere (scripts/test.sh runs it).
set -euo pipefail

cd "$(dirname "$0")"

npm ci --no-audit --no-fund --loglevel=error
npm run --silent bundle
npm run --silent test:bundle
# Every tests/*.regels holds lines from the rule library with `// ^^^ scope`
# assertions under them (vscode-tmgrammar-test's format).
npm run --silent test:grammar
# Every file of rules/ through the grammar: texts closed, keywords coloured.
npm run --silent test:rules
npm run --silent package
ls -l dist/regelwerk.vsix
