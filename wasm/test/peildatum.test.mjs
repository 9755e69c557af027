// The app's default peildatum (wasm/web/peildatum.js): today when the
// regeling is in force today, otherwise the nearest date on which it is.

import { test } from "node:test";
import assert from "node:assert/strict";
import { standaardPeildatum } from "../web/peildatum.js";

const WMO = {
  versies: [
    { geldig_vanaf: "2018-01-01", tot_en_met: "2018-12-31" },
    { geldig_vanaf: "2019-01-01", tot_en_met: "2019-12-31" },
    { geldig_vanaf: "2020-01-01", tot_en_met: "2026-12-31" },
  ],
};
const OPEN = { versies: [{ geldig_vanaf: "2024-01-01", tot_en_met: null }] };
const tussen = (van, tot) => (d) => d >= van && d <= tot;

test("vandaag, als de regeling vandaag geldt", () => {
  assert.deepEqual(standaardPeildatum("2026-12-07", [WMO], tussen("2018-01-01", "2026-12-31")), { datum: "2026-12-07", vandaag: true });
});

test("na de laatste versie: de laatste dag waarop er een geldt", () => {
  const gevraagd = [];
  const geldig = (d) => {
    gevraagd.push(d);
    return tussen("2018-01-01", "2026-12-31")(d);
  };
  assert.deepEqual(standaardPeildatum("2027-01-01", [WMO, OPEN], geldig), { datum: "2026-12-31", vandaag: false });
  // Today, then the nearest boundary: one question each.
  assert.deepEqual(gevraagd, ["2027-01-01", "2026-12-31"]);
});

test("vóór de eerste versie: de eerste dag", () => {
  assert.deepEqual(standaardPeildatum("2017-06-01", [WMO], tussen("2018-01-01", "2026-12-31")), { datum: "2018-01-01", vandaag: false });
});

test("een gebruikte regeling die eerder eindigt beperkt de datum", () => {
  // The regeling is open-ended, the one it uses ends on 2026-12-31.
  assert.deepEqual(standaardPeildatum("2027-03-01", [OPEN, WMO], tussen("2024-01-01", "2026-12-31")), { datum: "2026-12-31", vandaag: false });
});

test("even ver: de eerdere datum; nergens geldig: null", () => {
  const twee = { versies: [{ geldig_vanaf: "2026-01-01", tot_en_met: "2026-01-03" }, { geldig_vanaf: "2026-01-07", tot_en_met: null }] };
  assert.deepEqual(standaardPeildatum("2026-01-05", [twee], (d) => d !== "2026-01-05"), { datum: "2026-01-03", vandaag: false });
  assert.equal(standaardPeildatum("2026-01-05", [twee], () => false), null);
});
