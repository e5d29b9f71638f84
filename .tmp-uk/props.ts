import { getSchema } from '../src/model/ftm.js';
for (const s of ['Person', 'Organization', 'Vessel', 'Sanction']) {
  console.log(s, [...getSchema(s).getProperties().entries()].map(([k, p]) => `${k}:${p.type.name}`).join(' '));
}
