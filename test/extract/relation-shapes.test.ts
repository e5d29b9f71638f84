// Relation shapes that carry over between texts, on real dev articles: a title before a
// person's name says whom they work for ("Secretary of State Antony Blinken"), named as the text
// names that body elsewhere; a relation stated of a group ("three Chinese enterprises … were
// accused of transferring missile equipment to Pakistan") holds for the targets the group
// stands for, and only where the phrase leaves no doubt which they are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeArticle, type ArticleAnalysis } from '../../src/extract/analyze.js';
import { groupIn } from '../../src/extract/group-reference.js';
import { findNames } from '../../src/extract/names.js';
import { NEWS } from '../helpers/paths.js';

const analyse = (name: string): ArticleAnalysis => analyzeArticle({ source: name, text: readFileSync(join(NEWS, `${name}.txt`), 'utf8') }, null);
const relations = (a: ArticleAnalysis, predicate: string) => a.relations.filter((r) => r.predicate === predicate).map((r) => `${r.subject} → ${r.object}`);

test('a title is the role, not part of the name: "Secretary of State Antony Blinken", "U.S. Secretary of Commerce Gina M. Raimondo"', () => {
  const names = (text: string) => findNames(text).map((n) => `${n.text} {${n.role ?? ''}}`);
  assert.deepEqual(names('Secretary of State Antony Blinken said.'), ['Antony Blinken {Secretary of State}']);
  assert.deepEqual(names('said U.S. Secretary of Commerce Gina M. Raimondo.'), ['Gina M. Raimondo {U.S. Secretary of Commerce}']);
  assert.deepEqual(names('Deputy Secretary of the Treasury Michael Faulkender said.'), ['Michael Faulkender {Deputy Secretary of the Treasury}']);
  // A name right after the title stays whole; a title on its own is nobody.
  assert.deepEqual(names('Cyber Police Chief Vahid Mohammad Naser Majid was'), ['Vahid Mohammad Naser Majid {Cyber Police Chief}']);
});

test('employee_of and director_of from titles, the body named as the text names it (dev_31, dev_14, dev_36)', () => {
  assert.ok(relations(analyse('dev_31'), 'employee_of').includes('Antony Blinken → State Department'));
  const faulkender = analyse('dev_14').relations.find((r) => r.subject === 'Michael Faulkender');
  assert.equal(faulkender?.predicate, 'employee_of');
  assert.equal(faulkender?.object, 'Treasury Department');
  assert.match(faulkender?.evidence.text ?? '', /Deputy Secretary of the Treasury Michael Faulkender/u);
  assert.ok(relations(analyse('dev_36'), 'director_of').includes('Vahid Mohammad Naser Majid → Cyber Police'));
  // A head of state is not read as the director of the country (dev_16: "Iran’s President Masoud Pezeshkian").
  assert.ok(!relations(analyse('dev_16'), 'director_of').some((r) => r.startsWith('Masoud Pezeshkian')));
});

test('a group phrase says how many, of which kind and from where', () => {
  assert.deepEqual(groupIn(', three Chinese enterprises were also included in the list of American sanctions, as they were accused of '), { count: 3, kind: 'organisation', country: 'CN' });
  assert.deepEqual(groupIn('According to the UK government statement, all sanctioned individuals are '), { count: null, kind: 'person', country: null });
  // A bare plural is too loose to stand for anyone.
  assert.equal(groupIn(' and companies were ', false), null);
});

test('"three Chinese enterprises … accused of transferring missile equipment to Pakistan": each of the three supplies Pakistan (seed 000)', () => {
  const a = analyse('seed_000_mzkt_sanctions');
  const supplies = relations(a, 'supplies').filter((r) => r.endsWith('→ Pakistan'));
  const chinese = a.designations.filter((d) => d.country === 'CN' && d.action === 'designated').map((d) => d.target.text);
  assert.equal(new Set(chinese).size, 3, `three Chinese targets: ${chinese.join(', ')}`);
  for (const name of chinese) assert.ok(supplies.includes(`${name} → Pakistan`), `${name} supplies Pakistan: ${supplies.join('; ')}`);
  const granpect = a.relations.find((r) => r.subject.startsWith('Granpect') && r.object === 'Pakistan');
  assert.match(granpect?.evidence.text ?? '', /transferring missile equipment to Pakistan/u);
});

test('"all sanctioned individuals are connected to IRGC Unit 840": the persons listed, not the organisation (dev_05)', () => {
  const a = analyse('dev_05');
  const related = relations(a, 'related').filter((r) => r.endsWith('→ IRGC Unit 840'));
  assert.ok(related.length >= 3, related.join('; '));
  const types = new Map(a.designations.map((d) => [d.target.text, d.targetType]));
  for (const r of related) assert.equal(types.get(r.split(' → ')[0]), 'Person', r);
});

test('heads, members and units in the shapes news writes them, in several languages (dev_54, dev_09, dev_08, dev_26, dev_13, dev_12, dev_56, dev_35)', () => {
  // A head's title before the body and the person: Russian with the body in «».
  assert.ok(relations(analyse('dev_54'), 'director_of').includes('Святослав Вакарчук → Океан Эльзы'));
  assert.ok(relations(analyse('dev_09'), 'director_of').includes('Li Shangfu → Equipment Development Department'), relations(analyse('dev_09'), 'director_of').join('; '));
  const aqap = analyse('dev_08');
  // "Al-Ghazali is a senior member of AQAP".
  assert.ok(relations(aqap, 'employee_of').includes('Al-Ghazali → AQAP'), relations(aqap, 'employee_of').join('; '));
  // "the Lazarus Group … and two of its subgroups, Andariel and Bluenoroff": one part_of per member.
  const lazarus = relations(analyse('dev_26'), 'part_of');
  assert.ok(lazarus.includes('Andariel → Lazarus Group') && lazarus.includes('Bluenoroff → Lazarus Group'), lazarus.join('; '));
  assert.ok(relations(analyse('dev_13'), 'part_of').includes('Central Finance Unit → Hezbollah'));
  assert.ok(relations(analyse('dev_12'), 'owns').includes('Ali Youssef Charara → Spectrum Investment Group Holding'));
  assert.ok(relations(analyse('dev_56'), 'owns').includes('Russia → TASS'));
  assert.ok(relations(analyse('dev_35'), 'controls').some((r) => /Defence Ministry → TV Zvezda/u.test(r)), relations(analyse('dev_35'), 'controls').join('; '));
  // A country or a name that only qualifies another owns nothing: "le ministère … de la RPDC (RPDC) et quatre de ses sociétés".
  assert.ok(!relations(analyse('dev_25'), 'owns').some((r) => r.startsWith('RPDC') || r.startsWith('République')));
});
