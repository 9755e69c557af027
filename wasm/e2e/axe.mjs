// axe-core on a page of the app, at WCAG 2.1 level A and AA: what the
// Besluit digitale toegankelijkheid overheid asks of a Dutch government web
// app. A violation fails the test and is printed: the rule, its impact, what
// it asks, and every element it found with axe's own summary of the fix.

import assert from "node:assert/strict";
import { AxeBuilder } from "@axe-core/playwright";

/** The axe tags of WCAG 2.0 and 2.1, levels A and AA. */
export const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/** One violation as readable lines. */
export function beschrijf(v) {
  const elementen = v.nodes.map((n) => `    ${n.target.join(" ")}\n      ${(n.failureSummary ?? "").replace(/\n/g, "\n      ")}`);
  return `${v.id} (${v.impact}): ${v.help}\n  ${v.helpUrl}\n${elementen.join("\n")}`;
}

/**
 * Runs axe on the whole page as it is now and fails on any violation at
 * level A or AA. `scherm` names the screen in the failure message.
 * @returns {Promise<{ regels: number, nakijken: number }>} how many rules
 *   passed (a run that checked nothing would be no check), and how many axe
 *   could not decide (listed with REGELWERK_AXE_NAKIJKEN=1)
 */
export async function controleerToegankelijk(page, scherm) {
  const uitslag = await new AxeBuilder({ page }).withTags(WCAG_21_AA).analyze();
  assert.equal(
    uitslag.violations.length,
    0,
    `${scherm}: ${uitslag.violations.length} WCAG 2.1 AA-overtreding(en)\n${uitslag.violations.map(beschrijf).join("\n")}`,
  );
  assert.ok(uitslag.passes.length > 0, `${scherm}: axe heeft niets gecontroleerd`);
  // What axe could not decide by itself (contrast over a gradient, say) is
  // no violation, but is shown, so a person can look.
  if (process.env.REGELWERK_AXE_NAKIJKEN === "1") {
    for (const v of uitslag.incomplete) console.log(`${scherm}: nakijken: ${beschrijf(v)}`);
  }
  return { regels: uitslag.passes.length, nakijken: uitslag.incomplete.length };
}
