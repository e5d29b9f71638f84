// Scoring two bare names against each other (benchmarks, name-pair checks): the second name
// becomes a one-name candidate entity and goes through the same features as screening.
import { isPersonSchema, kindOf, type CandidateName, type MatchEntity } from './entity.js';
import { analyzeQuery, scoreCandidate, type Scored } from './features.js';
import { analyzeName } from './names.js';

export function scoreNamePair(schema: string, query: string, candidate: string): Scored {
  const names: CandidateName[] = [{ ...analyzeName(candidate, isPersonSchema(schema)), kind: 'name' }];
  const entity: MatchEntity = {
    id: 'pair',
    schema,
    dataset: 'pair',
    caption: candidate,
    versionId: 0,
    names,
    identifiers: new Set(),
    birthDates: [],
    countries: new Set(),
    gender: null,
    programs: [],
    authorities: [],
    republishedAs: [],
    kind: kindOf(schema, names, false),
  };
  return scoreCandidate(analyzeQuery({ schema, names: [query] }), entity);
}
