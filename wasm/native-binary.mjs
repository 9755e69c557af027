// The native `regelwerk` binary for the Node tests that compare with it or
// use it: REGELWERK_BIN, else the newest of target/{release,debug}/regelwerk
// under CARGO_TARGET_DIR or ./target; null when there is none.

import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

/** The binary, or null; `root` is the repository root. */
export function nativeBinary(root) {
  if (process.env.REGELWERK_BIN) return process.env.REGELWERK_BIN;
  const target = process.env.CARGO_TARGET_DIR ? resolve(root, process.env.CARGO_TARGET_DIR) : join(root, "target");
  const kandidaten = ["release", "debug"].map((p) => join(target, p, "regelwerk")).filter((p) => existsSync(p));
  kandidaten.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return kandidaten[0] ?? null;
}
