import type { FieldOption } from '../../controls/text-field/text-field.ts';
import { collator as cachedCollator, displayNames } from '@portico/core';

// ISO 3166-1 alpha-2 codes; names come from the browser in the page's language.
const CODES =
  'AD AE AF AG AI AL AM AO AR AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BM BN BO BR BS BT BW BY BZ CA CD CF CG CH CI CL CM CN CO CR CU CV CW CY CZ DE DJ DK DM DO DZ EC EE EG ER ES ET FI FJ FO FR GA GB GD GE GG GH GI GL GM GN GQ GR GT GW GY HK HN HR HT HU ID IE IL IM IN IQ IR IS IT JE JM JO JP KE KG KH KM KN KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MG MK ML MM MN MO MT MU MV MW MX MY MZ NA NE NG NI NL NO NP NZ OM PA PE PG PH PK PL PR PS PT PY QA RO RS RU RW SA SB SC SD SE SG SI SK SL SM SN SO SR SS SV SY SZ TD TG TH TJ TL TM TN TO TR TT TW TZ UA UG US UY UZ VA VC VE VN YE ZA ZM ZW';

const cache = new Map<string, FieldOption[]>();

/** Countries as select options, named and sorted in `lang`. */
export function countryOptions(lang: string): FieldOption[] {
  let options = cache.get(lang);
  if (!options) {
    const names = displayNames([lang, 'en'], { type: 'region' });
    const collator = cachedCollator(lang);
    options = CODES.split(' ')
      .map((code) => ({ value: code, label: names.of(code) ?? code }))
      .sort((a, b) => collator.compare(a.label, b.label));
    cache.set(lang, options);
  }
  return options;
}

/** A country's name in `lang` (`DE` → "Germany", "Deutschland"), else the code as stored. */
export function countryName(code: string, lang: string): string {
  try {
    return displayNames([lang, 'en'], { type: 'region', fallback: 'code' }).of(code) ?? code;
  } catch {
    return code; // not a region code the browser knows
  }
}
