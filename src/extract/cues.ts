// Cue words of sanction events in the languages we read, as stems matched at a word's start
// (so Russian, Ukrainian and Bulgarian case endings and English inflections all match). They
// feed the learned decisions (features.ts) rather than deciding alone: a cue says "an event is
// told here", the model learns which names around it are its targets.

const stemsPattern = (stems: string[]) => new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${stems.join('|')})\p{L}*`, 'giu');

/** A new listing, or a sanction in general. */
export const SANCTION_CUES = stemsPattern([
  'sanction', 'designat', 'blacklist', 'countermeasure', 'restrictive measure', 'asset freeze', 'freez', 'froze', 'entity list', 'added to', 'listed', 'listing', 'impos', 'targeting', 'targets', 'targeted',
  'sancion', 'designad', 'designó', 'congel', 'lista negra', 'incluid', 'inclu', // es
  'sanktion', 'gelistet', 'restriktiv', 'einfrier', 'eingefroren', // de
  'mesures restrictives', 'gel des avoirs', 'inscri', 'désign', 'gel', // fr
  'санкц', 'ограничительн', 'внесен', 'внес', 'заморо', 'черн\\p{L}* спис', 'включ', // ru
  'обмежувальн', 'внесено', 'заморож', 'запровад', // uk
  'наложи', 'замразя', 'списък', // bg
]);
export const DELIST_CUES = stemsPattern(['delist', 'removed', 'removal', 'remove', 'lifted', 'lifting', 'lift', 'unfr', 'revok', 'rescind', 'levant', 'retir', 'exclu', 'aufgehoben', 'gestrichen', 'retrait', 'radié', 'исключ', 'снял', 'снят', 'отмен', 'виключ', 'скасув', 'знят', 'премахн']);
export const EXTEND_CUES = stemsPattern(['extend', 'extension', 'prolong', 'renew', 'roll over', 'rolled over', 'for an additional year', 'for another year', 'for a further', 'prorrog', 'verlänger', 'reconduit', 'продл', 'продовж', 'удълж']);
export const HISTORY_CUES = stemsPattern(['already', 'previously', 'earlier', 'formerly', 'last year', 'in the past', 'had been', 'has been', 'have been', 'since', 'prior', 'ya ', 'anteriormente', 'bereits', 'déjà', 'уже', 'ранее', 'раніше', 'вече']);
export const FIRST_PERSON = /(?<![\p{L}])(?:we|we're|we are|our|nous|wir|мы|ми)(?![\p{L}])/iu;

export function cueStems(text: string, pattern: RegExp): string[] {
  pattern.lastIndex = 0;
  return [...text.matchAll(pattern)].map((m) => m[0].toLowerCase().slice(0, 8));
}

export function firstCue(text: string, pattern: RegExp): number {
  pattern.lastIndex = 0;
  const m = pattern.exec(text);
  pattern.lastIndex = 0;
  return m ? m.index : -1;
}
