// Korean names in Hangul against their Latin spellings. A Korean name is a one-syllable family
// name (a few have two) and a given name of one or two syllables; Latin spellings split them
// ("Kim Jong Un", "Park Ji-sung") and follow one of two systems (Revised Romanization "Jeong",
// McCune-Reischauer "Chong") or none ("Lee" for 이, "Park" for 박). Syllables are compared after
// folding the differences between the systems; family names by the spellings people use.
import { rewrite } from './rewrite.js';

// Family names → the spellings in use (Revised Romanization first).
const FAMILY_NAMES: Record<string, string[]> = {
  김: ['gim', 'kim'], 이: ['i', 'lee', 'yi', 'rhee', 'ri', 'rhie'], 박: ['bak', 'park', 'pak', 'bahk'], 최: ['choe', 'choi', 'choy'],
  정: ['jeong', 'jung', 'chung', 'chong', 'jong'], 강: ['gang', 'kang'], 조: ['jo', 'cho', 'joh'], 윤: ['yun', 'yoon'], 장: ['jang', 'chang'],
  임: ['im', 'lim', 'rim', 'yim'], 한: ['han'], 오: ['o', 'oh'], 서: ['seo', 'suh', 'so'], 신: ['sin', 'shin'], 권: ['gwon', 'kwon'],
  황: ['hwang'], 안: ['an', 'ahn'], 송: ['song'], 류: ['ryu', 'yu', 'yoo', 'ryoo'], 유: ['yu', 'yoo'], 홍: ['hong'], 전: ['jeon', 'jun', 'chun', 'chon'],
  고: ['go', 'ko', 'koh'], 문: ['mun', 'moon'], 양: ['yang', 'ryang'], 손: ['son', 'sohn'], 배: ['bae', 'pae'], 백: ['baek', 'paek', 'paik', 'baik'],
  허: ['heo', 'hur', 'huh', 'ho'], 남: ['nam'], 노: ['no', 'noh', 'roh', 'ro'], 하: ['ha'], 곽: ['gwak', 'kwak'], 성: ['seong', 'sung', 'song'],
  차: ['cha'], 주: ['ju', 'joo', 'chu'], 우: ['u', 'woo'], 구: ['gu', 'koo', 'ku'], 민: ['min'], 나: ['na', 'ra'], 진: ['jin', 'chin'],
  지: ['ji', 'chi'], 엄: ['eom', 'um', 'uhm'], 채: ['chae'], 원: ['won'], 천: ['cheon', 'chun'], 방: ['bang', 'pang'], 공: ['gong', 'kong'],
  현: ['hyeon', 'hyun'], 함: ['ham'], 변: ['byeon', 'byun', 'pyon'], 염: ['yeom', 'yum'], 여: ['yeo', 'yo'], 추: ['chu', 'choo'],
  도: ['do', 'doh', 'to'], 소: ['so'], 석: ['seok', 'suk'], 선: ['seon', 'sun'], 설: ['seol', 'sul'], 마: ['ma'], 길: ['gil', 'kil'],
  연: ['yeon', 'yun'], 위: ['wi'], 표: ['pyo'], 명: ['myeong', 'myung'], 기: ['gi', 'ki'], 반: ['ban', 'pan'], 왕: ['wang'], 금: ['geum', 'keum'],
  옥: ['ok'], 육: ['yuk', 'yook'], 인: ['in'], 맹: ['maeng'], 제: ['je'], 모: ['mo'], 탁: ['tak'], 국: ['guk', 'kook'], 편: ['pyeon', 'pyun'],
  리: ['ri', 'lee'], 로: ['ro', 'roh'], 림: ['rim', 'lim'], 량: ['ryang', 'yang'], 렴: ['ryom', 'yeom'],
};

export function koreanFamilyName(syllable: string): string[] | null {
  return FAMILY_NAMES[syllable] ?? null;
}

export function isHangul(text: string): boolean {
  return /\p{Script=Hangul}/u.test(text);
}

// Revised Romanization and McCune-Reischauer folded to one form: eo/ŏ, o and u, eu/ŭ and u, ae
// and e, voiced and unvoiced initials (g/k, d/t, b/p, j/ch), r and l.
// The vowel eo (McCune-Reischauer ŏ) is written o or u in the spellings people use ("Jeong",
// "Jong", "Jung"; "Seong", "Sung"): o and u are one vowel here.
const SYSTEM_FOLDS: [RegExp, string][] = [
  [/eo/gu, 'u'],
  [/eu/gu, 'u'],
  [/o/gu, 'u'],
  [/ae/gu, 'e'],
  [/oo/gu, 'u'],
  [/ee/gu, 'i'],
  [/wo/gu, 'o'],
  [/ch|j/gu, 'c'],
  [/g/gu, 'k'],
  [/d/gu, 't'],
  [/b/gu, 'p'],
  [/r/gu, 'l'],
  [/sh/gu, 's'],
  [/h$/gu, ''],
];

/** A Korean syllable's romanisation with the differences between the systems folded away. */
export function koreanSkeleton(syllables: string): string {
  return rewrite(syllables, SYSTEM_FOLDS);
}

/**
 * A foreign name written in Hangul ("블라디미르" beulladimireu for Vladimir): the vowel eu that
 * Hangul inserts to carry a lone consonant is dropped, a final chi is ch, doubled letters single.
 */
export function foreignNameFromHangul(romanised: string): string {
  return romanised.replace(/eu/gu, '').replace(/chi$/u, 'ch').replace(/(.)\1+/gu, '$1');
}
