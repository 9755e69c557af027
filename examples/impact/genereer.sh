#!/usr/bin/env bash
# Maakt de impactrapporten in deze map opnieuw: de betekenisvolle verschillen
# tussen twee versies van een regeling en het effect daarvan op een
# synthetische populatie (examples/populaties). Draai vanuit de hoofdmap:
#
#   bash examples/impact/genereer.sh
#
# Zet REGELWERK op een gebouwde binary om `cargo run` over te slaan.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${REGELWERK:-}" ]; then
  cargo build -q --release -p cli --bin regelwerk
  REGELWERK=target/release/regelwerk
fi
pop=examples/populaties
out=examples/impact

"$REGELWERK" vergelijk rules/heemskerk/minimaregelingen/2024.regels rules/heemskerk/minimaregelingen/2025.regels \
  --casussen "$pop/heemskerk-minimaregelingen-2025.jsonl" --format markdown --voorbeelden 3 \
  --titel "Impactanalyse minimaregelingen Heemskerk 2024 → 2025" \
  -o "$out/minimaregelingen-2024-2025.md"

"$REGELWERK" vergelijk rules/heemskerk/wmo-toegang/2025.regels rules/heemskerk/wmo-toegang/2026.regels \
  --casussen "$pop/heemskerk-wmo-toegang-2026.jsonl" --format markdown --voorbeelden 3 \
  --titel "Impactanalyse Wmo-toegang Heemskerk 2025 → 2026" \
  -o "$out/wmo-toegang-2025-2026.md"

"$REGELWERK" vergelijk rules/landelijk/wmo-eigen-bijdrage/2018.regels rules/landelijk/wmo-eigen-bijdrage/2019.regels \
  --casussen "$pop/landelijk-wmo-eigen-bijdrage-2019.jsonl" --format markdown --voorbeelden 3 \
  --titel "Impactanalyse eigen bijdrage Wmo 2018 → 2019 (abonnementstarief)" \
  -o "$out/eigen-bijdrage-2018-2019.md"
