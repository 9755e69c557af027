// The default peildatum: today, unless no version of the regeling (or of a
// regeling it uses) is in force today — after the last version ends, say.
// Then the nearest date on which one is, so the app never opens on a date
// that can only give an error. Pure: the engine is asked through `geldig`.

/**
 * @param {string} vandaag today, JJJJ-MM-DD
 * @param {{ versies?: { geldig_vanaf: string, tot_en_met: string | null }[] }[]} regelingen
 *   every regeling of the bundle: the first and last days of their versions
 *   are the only dates on which being in force can change
 * @param {(datum: string) => boolean} geldig whether the regeling can be
 *   used on `datum` (the engine's `schema` answer is ok)
 * @returns {{ datum: string, vandaag: boolean } | null} the date, and whether
 *   it is today; null when the regeling is in force on none of these dates
 */
export function standaardPeildatum(vandaag, regelingen, geldig) {
  if (geldig(vandaag)) return { datum: vandaag, vandaag: true };
  const grenzen = new Set();
  for (const r of regelingen) {
    for (const v of r.versies ?? []) {
      if (v.geldig_vanaf) grenzen.add(v.geldig_vanaf);
      if (v.tot_en_met) grenzen.add(v.tot_en_met);
    }
  }
  const dag = (d) => Date.parse(`${d}T00:00:00Z`);
  const afstand = (d) => Math.abs(dag(d) - dag(vandaag));
  // Nearest first; of two as near, the earlier.
  const kandidaten = [...grenzen].sort((a, b) => afstand(a) - afstand(b) || (a < b ? -1 : 1));
  const datum = kandidaten.find((d) => geldig(d));
  return datum ? { datum, vandaag: false } : null;
}
