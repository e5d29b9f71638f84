// The language layer: which language a text is in (tinyld, trained on many languages, so a
// Russian or French article is never read as English) and, for English, the tokens, parts of
// speech and lemmas of a sentence from wink-nlp's English model (shipped inside its npm
// package, nothing fetched). Other languages get their own cue words (lexicon.ts, cues.ts)
// and the shape-based name finder.
import { detect } from 'tinyld';
import winkNLP, { type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

export type Language = 'en' | 'ru' | 'uk' | 'bg' | 'es' | 'fr' | 'de' | 'other';
const KNOWN = new Set<Language>(['en', 'ru', 'uk', 'bg', 'es', 'fr', 'de']);

/** The language of an article's kept text (enough text to tell Bulgarian from Russian). */
export function detectLanguage(text: string): Language {
  const sample = text.slice(0, 4000);
  if (!/\p{L}/u.test(sample)) return 'other';
  const found = detect(sample) as Language;
  return KNOWN.has(found) ? found : 'other';
}

export interface Token {
  /** Offset in the sentence text. */
  start: number;
  end: number;
  text: string;
  pos: string;
  lemma: string;
}

let nlp: WinkMethods | null = null;

/** Tokens with parts of speech and lemmas (English). */
export function tagEnglish(text: string): Token[] {
  nlp ??= winkNLP(model);
  const its = nlp.its;
  const doc = nlp.readDoc(text);
  const values = doc.tokens().out(its.value) as string[];
  const pos = doc.tokens().out(its.pos) as string[];
  // wink types lemma as an add-on function; the English lite model has it.
  const lemmas = doc.tokens().out(its.lemma as unknown as typeof its.value) as string[];
  const tokens: Token[] = [];
  let at = 0;
  values.forEach((value, i) => {
    const start = text.indexOf(value, at);
    if (start < 0) return;
    at = start + value.length;
    tokens.push({ start, end: at, text: value, pos: pos[i], lemma: lemmas[i] });
  });
  return tokens;
}
