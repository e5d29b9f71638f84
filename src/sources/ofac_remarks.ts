// OFAC's "Remarks" text: a `;`-separated list of facts ("DOB 30 Aug 1954; POB Kopys, Belarus;
// a.k.a. 'VOLAT'; Registration Number 100534485 (Belarus); Linked To: HIZBALLAH.") that the
// sdn.csv carries when there is no add/alt file, and that holds identifiers even when there is.
// Each fact becomes an FtM property; a fact we do not understand is kept in notes, never lost.
import type { EntityBuilder } from '../model/entity.js';
import { parseDates } from '../model/values.js';

export interface RemarksResult {
  /** Names of other records this one is "Linked To". */
  linkedTo: string[];
}

type Handler = (b: EntityBuilder, value: string, country: string | null) => void;

/** Identifier labels ("Tax ID No.", "Registration Number"), tested in order (first match wins), to the FtM property they fill. */
const IDENTIFIER_PROPS: [RegExp, string][] = [
  [/passport|pasaporte/iu, 'passportNumber'],
  [/tax|fiscal|v\.a\.t|\bvat\b|r\.f\.c|\bruc\b|\bnit\b|\binn\b|fein|cuit/iu, 'taxNumber'],
  [/swift|bic\b/iu, 'swiftBic'],
  [/legal entity number|\blei\b/iu, 'leiCode'],
  [/imo\b/iu, 'imoNumber'],
  [/mmsi/iu, 'mmsi'],
  [/registration|registry|company number|business number|incorporation|uscc|unified social credit|trade licen[cs]e|enterprise number|commercial|matricula|folio/iu, 'registrationNumber'],
];

/** True for labels that name an identifier ("Tax ID No.", "ISIN") rather than a remark. */
export function isIdentifierLabel(label: string): boolean {
  return /(No\.?|Number|\bID\b|#|Code|Card|Certificate|SWIFT\/BIC|ISIN|Ticker|Licen[cs]e|Passport|IMO|MMSI)\s*:?$/iu.test(label.trim());
}

export function identifierProp(label: string): string {
  return IDENTIFIER_PROPS.find(([pattern]) => pattern.test(label))?.[1] ?? 'idNumber';
}

const VALUE_HANDLERS: [RegExp, Handler][] = [
  [/^(?:alt\. )?DOB$/u, (b, v) => b.add('birthDate', parseDates(v))],
  [/^(?:alt\. )?POB$/u, (b, v) => b.add('birthPlace', v)],
  [/^(?:alt\. )?nationality$/iu, (b, v) => b.add('nationality', v)],
  [/^(?:alt\. )?citizen$/iu, (b, v) => b.add('citizenship', v)],
  [/^Gender$/u, (b, v) => b.add('gender', v.toLowerCase())],
  [/^(?:alt\. )?Website$/iu, (b, v) => b.add('website', v)],
  [/^(?:alt\. )?Email Address$/iu, (b, v) => b.add('email', v)],
  [/^(?:alt\. )?Phone Number$/iu, (b, v) => b.add('phone', v)],
  [/^(?:alt\. )?Fax$/iu, (b, v) => b.add('phone', v)],
  [/^Organization Established Date$/u, (b, v) => b.add('incorporationDate', parseDates(v))],
  [/^Vessel Year of Build$/u, (b, v) => b.add('buildDate', v)],
  [/^Aircraft Manufacture Date$/u, (b, v) => b.add('buildDate', parseDates(v))],
  [/^Aircraft Model$/u, (b, v) => b.add('model', v)],
  [/^Aircraft Manufacturer's Serial Number \(MSN\)$/u, (b, v) => b.add('serialNumber', v)],
  [/^(?:Vessel Registration Identification )?IMO$/u, (b, v) => b.add('imoNumber', v)],
  [/^MMSI$/u, (b, v) => b.add('mmsi', v)],
];

const KNOWN_LABELS = /^((?:alt\. )?(?:DOB|POB|nationality|citizen|Website|Email Address|Phone Number|Fax)|Gender|Organization Established Date|Vessel Year of Build|Aircraft Manufacture Date|Aircraft Model|Aircraft Manufacturer's Serial Number \(MSN\)|Vessel Registration Identification IMO|IMO|MMSI)\s+(.+)$/u;

// "<label> <value> (<country>)" where the label names an identifier: "Tax ID No. 7708 (Russia)",
// "Passport A123 (Iran) issued 12 May 2010", "Registration Number 100534485 (Belarus)".
const IDENTIFIER_FACT = /^(?:alt\. )?((?:[A-Z][\w'./&-]*\s)*?(?:No\.|Number|Passport|ID|#|Code|Card|Certificate|SWIFT\/BIC|USCC))\s+([^\s(][^()]*?)(?:\s+\(([^)]+)\))?(?:\s+(?:issued|expires)\b.*)?$/u;

function setIfProp(b: EntityBuilder, prop: string, value: string): boolean {
  try {
    b.add(prop, value);
    return true;
  } catch {
    return false;
  }
}

/** Parse OFAC remarks into properties of `b`; returns the names it is linked to. */
export function applyRemarks(b: EntityBuilder, remarks: string | null): RemarksResult {
  const linkedTo: string[] = [];
  if (!remarks) return { linkedTo };
  for (const rawFact of remarks.split(/;\s+/u)) {
    const fact = rawFact.trim().replace(/\.$/u, '').trim();
    if (!fact) continue;
    const alias = /^(a\.k\.a\.|f\.k\.a\.|n\.k\.a\.)\s*,?\s*'(.+)'$/u.exec(fact);
    if (alias) {
      b.add(alias[1] === 'f.k.a.' ? 'previousName' : 'alias', alias[2]);
      continue;
    }
    const link = /^Linked To:\s*(.+)$/u.exec(fact);
    if (link) {
      linkedTo.push(link[1].trim());
      continue;
    }
    const known = KNOWN_LABELS.exec(fact);
    if (known) {
      const handler = VALUE_HANDLERS.find(([pattern]) => pattern.test(known[1]));
      if (handler) {
        try {
          handler[1](b, known[2].trim(), null);
          continue;
        } catch {
          // A property the schema does not have (a DOB on a company): kept in notes below.
        }
      }
    }
    const ident = IDENTIFIER_FACT.exec(fact);
    if (ident && /\d/u.test(ident[2])) {
      const prop = identifierProp(ident[1]);
      if (setIfProp(b, prop, ident[2].trim()) || setIfProp(b, 'idNumber', ident[2].trim())) {
        if (prop === 'idNumber' || ident[3]) b.add('notes', fact);
        continue;
      }
    }
    b.add('notes', fact);
  }
  return { linkedTo };
}
