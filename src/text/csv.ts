// CSV as every export writes it (batch results, the audit trail, entity exports): through
// csv-stringify, with cells a spreadsheet would read as a formula neutralised as OWASP advises
// (a leading =, +, -, @, tab or carriage return gets a ' in front), so a listed alias like
// "@MADEAMAZE_BOT" or a customer id "=HYPERLINK(…)" is shown as text, never evaluated.
import { stringify } from 'csv-stringify/sync';

const FORMULA_START = /^[=+\-@\t\r]/u;
// Plain numbers ("-0.2", "+7") are numbers, not formulas.
const NUMBER = /^[+-]?\d+(\.\d+)?$/u;

export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) && !NUMBER.test(value) ? `'${value}` : value;
}

export function csvText(rows: unknown[][]): string {
  return stringify(rows, { cast: { string: neutraliseCell } });
}
