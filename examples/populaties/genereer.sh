#!/usr/bin/env bash
# Maakt de synthetische populaties in deze map opnieuw (reproduceerbaar:
# vast zaad, vaste peildatum, het profiel met de verdelingen naast elke
# populatie). Draai vanuit de hoofdmap van de repository:
#
#   bash examples/populaties/genereer.sh
#
# Zet REGELWERK op een gebouwde binary om `cargo run` over te slaan.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${REGELWERK:-}" ]; then
  cargo build -q --release -p cli --bin regelwerk
  REGELWERK=target/release/regelwerk
fi
dir=examples/populaties
"$REGELWERK" genereer rules/heemskerk/minimaregelingen   --aantal 2500 --zaad 2025 --peildatum 2025-03-01 --profiel "$dir/heemskerk-minimaregelingen-2025.profiel.json" -o "$dir/heemskerk-minimaregelingen-2025.jsonl"
"$REGELWERK" genereer rules/heemskerk/wmo-toegang         --aantal 2500 --zaad 2026 --peildatum 2026-03-01 --profiel "$dir/heemskerk-wmo-toegang-2026.profiel.json" -o "$dir/heemskerk-wmo-toegang-2026.jsonl"
"$REGELWERK" genereer rules/heemskerk/wmo-eigen-bijdrage  --aantal 2500 --zaad 2025 --peildatum 2025-03-01 --profiel "$dir/heemskerk-wmo-eigen-bijdrage-2025.profiel.json" -o "$dir/heemskerk-wmo-eigen-bijdrage-2025.jsonl"
"$REGELWERK" genereer rules/landelijk/wmo-eigen-bijdrage  --aantal 2500 --zaad 2019 --peildatum 2019-03-01 --profiel "$dir/landelijk-wmo-eigen-bijdrage-2019.profiel.json" -o "$dir/landelijk-wmo-eigen-bijdrage-2019.jsonl"
