// Legal forms found in real listed names and compared as forms, across scripts and spellings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formTokens, legalForms } from '../../src/text/orgtypes.js';

function split(name: string) {
  return legalForms().split(formTokens(name));
}

test('"Co., Ltd." and "Company Limited" are the same legal form, and the name words remain', () => {
  const a = split("Xi'an Longde Technology Development Co., Ltd.");
  const b = split("Xi'an Longde Technology Development Company Limited");
  assert.deepEqual(a.rest, b.rest);
  assert.ok(a.forms.length > 0 && b.forms.length > 0, JSON.stringify([a.forms, b.forms]));
  assert.equal(a.forms.at(-1)!.generic, b.forms.at(-1)!.generic);
});

test('ОАО МЗКТ: the Russian form is recognised, MZKT is the name', () => {
  const { forms, rest } = split('ОАО МЗКТ');
  assert.deepEqual(rest, ['mzkt']);
  assert.equal(forms[0].generic, 'JSC');
  assert.equal(split('OJSC MZKT').forms[0].generic, 'JSC', 'OJSC is the same class of form');
});

test('ООО is a form and LLC of the same class; a bare form word alone stays a name', () => {
  assert.equal(split('ООО БАЙКАЛ').forms[0].generic, split('Baikal LLC').forms[0].generic);
  assert.deepEqual(split('LLC').rest, ['llc']);
});
