// Plain text normalisation for name look-ups: compatibility-decomposed, marks stripped, case
// folded, punctuation to spaces. Scripts are kept as they are (transliteration is the matcher's).
export function normalizeName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[ё]/gu, 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
