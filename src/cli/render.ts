// Plain-text rendering of entities, versions and deltas for the terminal.
import { isMatchable } from '../model/ftm.js';
import { versionDate } from '../store/sql-store.js';
import type { Delta, StatementRecord, StoredEntity, VersionRecord } from '../store/types.js';

const NAME_PROPS = ['name', 'alias', 'weakAlias', 'previousName', 'firstName', 'lastName', 'middleName', 'fatherName'];
const IDENTITY_PROPS = ['registrationNumber', 'idNumber', 'passportNumber', 'taxNumber', 'innCode', 'ogrnCode', 'imoNumber', 'mmsi', 'swiftBic', 'leiCode', 'callSign'];

function provenance(s: StatementRecord): string {
  const span = s.firstSeen.date === s.lastSeen.date ? s.firstSeen.date : `${s.firstSeen.date} → ${s.lastSeen.date}`;
  return `[${s.dataset} v${s.firstSeen.versionId}${s.firstSeen.versionId !== s.lastSeen.versionId ? `–v${s.lastSeen.versionId}` : ''} ${span}]`;
}

function line(s: StatementRecord): string {
  const lang = s.lang ? ` (${s.lang})` : '';
  const original = s.originalValue && s.originalValue !== s.value ? ` ← "${s.originalValue}"` : '';
  return `    ${s.prop.padEnd(20)} ${s.value}${lang}${original}  ${provenance(s)}`;
}

export function renderEntity(entity: StoredEntity, sanctions: StoredEntity[], current: boolean): string {
  const out: string[] = [];
  out.push(`${entity.id}  ${entity.schema}  ${entity.caption}`);
  out.push(`  list ${entity.dataset}, version ${entity.version.versionId} of ${entity.version.date}${current ? '' : '  (NOT in the latest version of this list: removed)'}`);
  const groups: [string, StatementRecord[]][] = [
    ['names', entity.statements.filter((s) => NAME_PROPS.includes(s.prop))],
    ['identifiers', entity.statements.filter((s) => IDENTITY_PROPS.includes(s.prop))],
    ['details', entity.statements.filter((s) => !NAME_PROPS.includes(s.prop) && !IDENTITY_PROPS.includes(s.prop))],
  ];
  for (const [title, statements] of groups) {
    if (statements.length === 0) continue;
    out.push(`  ${title}:`);
    for (const s of statements) out.push(line(s));
  }
  if (sanctions.length > 0) {
    out.push('  sanctions:');
    for (const sanction of sanctions) {
      const get = (prop: string) => sanction.statements.filter((s) => s.prop === prop).map((s) => s.value);
      const date = get('listingDate')[0] ?? get('startDate')[0] ?? 'date not stated';
      out.push(`    ${get('authority').join('; ') || '?'} — ${get('program').join('; ') || 'no programme'} — listed ${date}  [${sanction.dataset} version ${sanction.version.versionId} of ${sanction.version.date}]`);
      for (const reason of get('reason')) out.push(`      reason: ${reason.length > 300 ? `${reason.slice(0, 300)}…` : reason}`);
    }
  }
  return out.join('\n');
}

export function renderVersion(v: VersionRecord): string {
  return `v${v.id}  ${versionDate(v)}${v.publishedAt ? '' : ' (imported; list states no date)'}  ${v.entityCount} entities, ${v.statementCount} statements  +${v.added} ~${v.changed} -${v.removed}  ${v.format}  ${v.files.join(', ')}${v.warnings.length ? `  ${v.warnings.length} warnings` : ''}`;
}

export function renderDelta(delta: Delta, programs: Map<string, string[]>, limit: number): string {
  const out: string[] = [];
  out.push(`${delta.dataset}: v${delta.from.id} (${versionDate(delta.from)}) → v${delta.to.id} (${versionDate(delta.to)})`);
  out.push(`  added ${delta.added.length}, removed ${delta.removed.length}, changed ${delta.changed.length}`);
  const section = <T extends { id: string; schema: string; caption: string }>(title: string, items: T[], extra: (item: T) => string[]) => {
    // Parties are what can be screened; listing records and links between parties are counted.
    const shown = items.filter((i) => isMatchable(i.schema));
    const listings = items.filter((i) => i.schema === 'Sanction').length;
    const links = items.length - shown.length - listings;
    if (items.length === 0) return;
    out.push(`  ${title}: ${shown.length} parties, ${listings} listing records, ${links} links`);
    for (const item of shown.slice(0, limit)) {
      const progs = programs.get(item.id);
      out.push(`    ${item.caption} (${item.id}, ${item.schema})${progs?.length ? ` under ${progs.join(', ')}` : ''}`);
      for (const e of extra(item)) out.push(`      ${e}`);
    }
    if (shown.length > limit) out.push(`    … ${shown.length - limit} more (--limit to show more, --json for all)`);
  };
  section('added', delta.added, () => []);
  section('removed', delta.removed, () => []);
  section('changed', delta.changed, (c) => [...c.addedValues.map((v) => `+ ${v}`), ...c.removedValues.map((v) => `- ${v}`)].slice(0, 8));
  return out.join('\n');
}
