// Page furniture removal, line by line: scraped articles arrive with menus, captions, photo
// credits, newsletter prompts, paywall teasers and related-article lists around the text. Each
// line is kept or dropped with the rule that dropped it; kept lines keep their offsets into the
// original text, so evidence can be shown where it stands.

export interface Line {
  /** 0-based line number in the original text. */
  index: number;
  /** Offset of the line's first character in the original text. */
  start: number;
  text: string;
  /** Why the line is furniture, or null when it is article text. */
  furniture: string | null;
}

// Lines that are page furniture wherever they stand.
const FURNITURE_PATTERNS: [RegExp, string][] = [
  [/^(top|bottom) of (the )?page$/iu, 'page anchor'],
  [/^(by|read more|view all|see all|show more|expand|share|print|tweet|email|advertisement|menu|search|home|close|next|previous|back to top|skip to (main )?content)$/iu, 'navigation'],
  [/^(subscribe( now| to (our|the) newsletter| to us)?|you have been successfully subscribed|sign up( for (our|the) newsletter)?|log ?in|sign in|register)\.?$/iu, 'newsletter or account prompt'],
  [/\bsubscribe to (our|the) newsletter\b/iu, 'newsletter prompt'],
  [/the material is available only to\b/iu, 'paywall teaser'],
  [/\blog in to vote\b|^interesting: \d+\/\d+/iu, 'voting widget'],
  [/^loading( your)?\b.*(results|content)?\.{0,3}$/iu, 'loading placeholder'],
  [/^(important|breaking|latest|top|related) (news|stories|articles|posts)$/iu, 'section label'],
  [/^(key takeaways|follow[- ]up questions|related( articles| posts| stories)?|more (on this|from|stories)|read also|see also|recommended|popular|most read|tags?:.*)$/iu, 'section label'],
  [/\?\s*expand$/iu, 'collapsed question'],
  [/^this (document|page|article) is (also )?available in\b/iu, 'language switcher'],
  [/^([A-Z]{2}(\/[A-Z]{2})*)(\s*[|·•]\s*[A-Z]{2}(\/[A-Z]{2})*)*$/u, 'language switcher'],
  [/^(photo|image|picture|illustration|credit|foto)( by)?\s*:/iu, 'photo credit'],
  [/\((\w[\w\s.,'’-]{0,60} )?(photo|image|file photo|picture)\)\s*$/iu, 'photo caption'],
  [/\bsource:\s*$/iu, 'caption with source'],
  [/^\s*\d{1,2}(\.\d)?\s*°?\s*[FC]\s*$|\b\d{1,3}(\.\d)?\s*°?\s*[FC]\s*$/u, 'weather widget'],
  [/^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,? [a-z]{3,9}\.? \d{1,2}(st|nd|rd|th)?,? \d{4}$/iu, 'page date widget'],
  [/^-\s*(politics|society|economy|security|world|culture|sport|business|opinion|analysis)(,\s*\w+)*$/iu, 'related-article list'],
  [/^(©|copyright\b|all rights reserved)/iu, 'copyright line'],
  // Wire conventions: "(Reporting by …; Editing by …)" and a caption ending in its credit "REUTERS/Name/File Photo".
  [/^\((?:additional )?(?:reporting|writing|editing|compiled) by\b[^)]*\)\s*$/iu, 'wire byline'],
  [/\b(?:REUTERS|AFP|AP Photo|Getty Images|EPA)(?:\/[\p{L}\p{N} .'-]+)*\s*$/u, 'photo caption'],
  [/^(cookies?|we use cookies)\b/iu, 'cookie notice'],
  // An embedded post's attribution ("— Brussels Signal (@brusselssignal) August 15, 2023").
  [/^[—–-]\s*[^()]{1,80}\(@\w{2,}\)[^.!?]{0,40}$/u, 'social post credit'],
  // A source label under or over a repost ("Press Releases", "US Dept. of the Treasury press release").
  [/^(?:[\p{L}.'’ ]{0,40}\s)?press releases?$/iu, 'source label'],
];

// A line with a sentence in it: enough words and a sentence end (or a sentence break inside).
function isSentenceLine(text: string): boolean {
  const words = text.split(/\s+/u).filter(Boolean).length;
  return words >= 8 && (/[.!?;:"”»)]\s*$/u.test(text) || /[.!?]\s+[A-Z“"«]/u.test(text) || words >= 14);
}

function isShortLabel(text: string): boolean {
  const words = text.split(/\s+/u).filter(Boolean).length;
  return words <= 6 && !/[.!?]\s*$/u.test(text);
}

/** Split the text into lines with offsets and mark the furniture among them. */
export function cleanLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  text.split('\n').forEach((raw, index) => {
    lines.push({ index, start, text: raw.replace(/\r$/u, ''), furniture: null });
    start += raw.length + 1;
  });
  const trimmed = lines.map((l) => l.text.trim());
  const content = (i: number) => trimmed[i] !== '';

  for (const line of lines) {
    const t = trimmed[line.index];
    if (!t) continue;
    const rule = FURNITURE_PATTERNS.find(([pattern]) => pattern.test(t));
    if (rule) line.furniture = rule[1];
  }

  // A caption printed twice: "X" then "X Source:" / "X. Source:" (the image's alt text and its credit).
  for (const line of lines) {
    const t = trimmed[line.index];
    const m = /^(.*?)\.?\s*source:\s*$/iu.exec(t);
    if (!m || !m[1]) continue;
    for (let k = line.index - 1; k >= Math.max(0, line.index - 3); k--) {
      if (!content(k)) continue;
      if (trimmed[k].replace(/\.$/u, '') === m[1].replace(/\.$/u, '')) lines[k].furniture = 'photo caption';
      break;
    }
  }

  // An embedded post is its text then its attribution: the line over the credit is the post.
  // A caption printed twice, the second time with its credit glued on ("X (archive)" then
  // "X (archive)Reuters"): both are the picture's.
  let previous = -1;
  for (const line of lines) {
    const t = trimmed[line.index];
    if (!t) continue;
    if (line.furniture === 'social post credit' && previous >= 0 && !lines[previous].furniture) lines[previous].furniture = 'social post';
    if (previous >= 0 && !line.furniture && t.length > trimmed[previous].length && t.startsWith(trimmed[previous]) && trimmed[previous].length >= 8 && /^\S{2,25}$/u.test(t.slice(trimmed[previous].length))) {
      line.furniture = 'photo caption';
      lines[previous].furniture ??= 'photo caption';
    }
    previous = line.index;
  }

  // A document's metadata block: three or more "- Key: value" rows in a row above the first
  // sentence ("- Document Number:No. 1 …", "- Date issued:01-01-2018", "- Status: Effective"),
  // or in the head of the page under a long title.
  const firstSentence = lines.findIndex((l, i) => i > 0 && !l.furniture && isSentenceLine(trimmed[l.index]) && /[.!?"”]\s*$/u.test(trimmed[l.index]));
  const metadataRow = (t: string) => /^[-•·▪]\s*\p{L}[\p{L} ]{1,30}:\s*\S/u.test(t) && t.split(/\s+/u).length <= 14;
  for (let i = 0; i < (firstSentence < 0 ? lines.length : firstSentence); ) {
    let j = i;
    while (j < lines.length && metadataRow(trimmed[j])) j++;
    if (j - i >= 3) for (let k = i; k < j; k++) lines[k].furniture ??= 'metadata block';
    i = Math.max(j, i + 1);
  }

  // After the last sentence of the article, short labels are menus, sidebars and teasers.
  let lastSentence = -1;
  lines.forEach((line) => {
    if (!line.furniture && isSentenceLine(trimmed[line.index])) lastSentence = line.index;
  });
  // The last line of a cut-off text is the article stopping mid-sentence, not a teaser.
  const lastContent = lines.reduce((last, line) => (content(line.index) ? line.index : last), -1);
  // Bullets right after a line that announces them ("…the following companies:") are article text.
  const announced = new Set<number>();
  let open = false;
  for (const line of lines) {
    const t = trimmed[line.index];
    if (!t) continue;
    if (open && /^([•·▪◦‣*-]|\d{1,2}[.)])\s+/u.test(t)) announced.add(line.index);
    else open = /:\s*$/u.test(t) && !line.furniture;
  }
  for (const line of lines) {
    if (announced.has(line.index)) continue;
    if (line.index === lastContent && !line.furniture && !isShortLabel(trimmed[line.index])) continue;
    if (line.index > lastSentence && !line.furniture && content(line.index) && isShortLabel(trimmed[line.index])) line.furniture = 'trailing menu or teaser';
    // A headline-sized line after the article is a teaser for another article.
    else if (line.index > lastSentence && !line.furniture && content(line.index) && !/[.!?]\s*$/u.test(trimmed[line.index]) && trimmed[line.index].split(/\s+/u).length <= 14) line.furniture = 'related-article teaser';
  }
  return lines;
}

/** The article text without furniture, lines joined as in the original. */
export function articleText(lines: Line[]): string {
  return lines
    .filter((l) => !l.furniture)
    .map((l) => l.text)
    .join('\n');
}
