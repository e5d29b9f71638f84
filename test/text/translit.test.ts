// Transliteration brings the scripts of the lists to Latin letters that name matching can compare.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transliterate } from '../../src/text/translit.js';
import { languageOf } from '../../src/text/script.js';

test('Russian and Belarusian spellings of Lukashenko come out as their usual romanisations', () => {
  assert.equal(transliterate('Лукашенко'), 'Lukashenko');
  assert.equal(transliterate('Лукашэнка'), 'Lukashenka');
  assert.equal(transliterate('ОАО «МЗКТ»'), 'OAO MZKT');
  assert.equal(languageOf('Лукашэнка'), 'rus', 'no letter proves Belarusian here');
  assert.equal(languageOf('Мінскі завод колавых цягачоў'), 'bel');
});

test('Chinese comes out one syllable per word; Latin text is left alone', () => {
  assert.equal(transliterate('习近平'), 'Xi Jin Ping');
  assert.equal(transliterate('Łukašenka'), 'Lukasenka');
  assert.equal(transliterate('MINSK WHEEL TRACTOR PLANT'), 'MINSK WHEEL TRACTOR PLANT');
});
