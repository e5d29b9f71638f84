// Entity profile: every property of the party grouped (names by script, identity, contacts,
// identifiers, addresses, other), each value with the source list record and versions it comes
// from; the timeline of sanctions per authority (list versions and news reports, dated by the
// article when the report does not date the event); and the network of relations as a graph
// (cytoscape.js, fcose layout), expandable node by node, with the evidence of each edge.
import { useEffect, useMemo, useRef, useState } from 'react';
import type cytoscape from 'cytoscape';
import type { FcoseLayoutOptions } from 'cytoscape-fcose';
import { datedTimeline, graph, profile, type DatedEntry, type GraphEdge, type GraphNode, type Profile, type ProfileValue, type ValueSource } from './api';

// cytoscape and its layout are loaded with the first profile, not with every page.
let library: Promise<typeof cytoscape> | null = null;
const loadCytoscape = () =>
  (library ??= Promise.all([import('cytoscape'), import('cytoscape-fcose')]).then(([{ default: cy }, { default: fcose }]) => {
    cy.use(fcose);
    return cy;
  }));

const SCRIPT_LABELS: Record<string, string> = { latin: 'Latin', cyrillic: 'Cyrillic', han: 'Chinese', arabic: 'Arabic', greek: 'Greek', hangul: 'Korean', kana: 'Japanese', hebrew: 'Hebrew' };

/** "2022-02-24 – 2022-02-25", or one date when a value was seen in one version. */
const seenRange = (s: Pick<ValueSource, 'firstSeen' | 'lastSeen'>) => (s.firstSeen.date === s.lastSeen.date ? s.firstSeen.date : `${s.firstSeen.date} – ${s.lastSeen.date}`);

function Sources({ sources, showProp }: { sources: ValueSource[]; showProp?: boolean }) {
  return (
    <span className="sources">
      {sources.map((s) => (
        <span key={`${s.entityId}|${s.prop}`} className="src" data-dataset={s.dataset} title={`${s.datasetTitle}: record ${s.entityId}, ${s.propLabel.toLowerCase()}, in the versions of ${seenRange(s)}`}>
          {s.dataset}
          {showProp ? ` ${s.propLabel.toLowerCase()}` : ''} · {seenRange(s)}
        </span>
      ))}
    </span>
  );
}

function Value({ v, type }: { v: ProfileValue; type: string }) {
  const shown = v.display !== v.value ? `${v.display} (${v.value})` : v.value;
  const text = type === 'url' && /^(https?:\/\/|www\.)/iu.test(v.value) ? <a href={/^www\./iu.test(v.value) ? `https://${v.value}` : v.value} rel="noreferrer noopener" target="_blank">{v.value}</a> : shown;
  return (
    <li data-value={v.value}>
      <span className="value">{text}</span> <Sources sources={v.sources} />
    </li>
  );
}

function ProfileView({ data }: { data: Profile }) {
  const byScript = new Map<string, Profile['names']>();
  for (const name of data.names) byScript.set(name.script, [...(byScript.get(name.script) ?? []), name]);
  return (
    <>
      <h2>Sources</h2>
      <ul className="profile-sources">
        {data.sources.map((s) => (
          <li key={s.id} data-source={s.id}>
            <b>{s.datasetTitle}</b> <span className="meta">({s.dataset})</span> record {s.id}: {s.caption}{' '}
            <span className="meta">
              {s.schema}, in the versions of {s.firstSeen && s.lastSeen ? seenRange({ firstSeen: s.firstSeen, lastSeen: s.lastSeen }) : s.version.date}
            </span>
          </li>
        ))}
      </ul>
      <h2>Names</h2>
      {[...byScript.entries()].map(([script, list]) => (
        <div key={script} className="names">
          <b>{SCRIPT_LABELS[script] ?? script}:</b>
          <ul>
            {list.map((n) => (
              <li key={n.value} data-name={n.value}>
                <span className={`name ${n.sources.every((s) => s.prop === 'weakAlias') ? 'weakAlias' : ''}`}>{n.value}</span> <Sources sources={n.sources} showProp />
              </li>
            ))}
          </ul>
        </div>
      ))}
      {data.groups.map((g) => (
        <section key={g.group} className={`props ${g.group}`}>
          <h2>{g.label}</h2>
          <table className="props">
            <tbody>
              {g.properties.map((p) => (
                <tr key={p.prop} data-prop={p.prop}>
                  <th scope="row">{p.label}</th>
                  <td>
                    <ul>
                      {p.values.map((v) => (
                        <Value key={v.value} v={v} type={p.type} />
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
    </>
  );
}

function dateText(e: DatedEntry): string {
  if (!e.date) return 'undated';
  if (e.dated === 'reported') return `reported ${e.date}`;
  if (e.dated === 'first_seen') return `first seen ${e.date}`;
  return e.date;
}

// A list's statement of reasons can run to a page: the start is shown, the whole on pointing at it.
const REASON_SHOWN = 180;

function Timeline({ entries }: { entries: DatedEntry[] }) {
  return (
    <ol className="timeline">
      {entries.map((e, i) => (
        <li key={i} className={`${e.source.kind} ${e.dated ?? 'undated'}`}>
          <span className="date">{dateText(e)}</span> <b>{e.authority}</b> {e.action}
          {e.program ? ` (${e.program})` : ''}
          {e.reason ? (
            <span className="reason" title={e.reason.length > REASON_SHOWN ? e.reason : undefined}>
              {' '}
              — {e.reason.length > REASON_SHOWN ? `${e.reason.slice(0, REASON_SHOWN).replace(/\s+\S*$/u, '')}…` : e.reason}
            </span>
          ) : null}{' '}
          {e.source.kind === 'list' ? (
            <span className="meta">
              list {e.source.dataset}, version of {e.source.versionDate}
            </span>
          ) : (
            <span className="report">
              <a href={`#/article/${e.source.articleId}`}>“{e.source.evidence}”</a>{' '}
              <span className="meta">
                in <cite>{e.source.article?.title ?? e.source.articleId}</cite>
                {e.source.article ? ` · ${e.source.article.source.label}` : ''}
                {e.source.article?.published ? ` · published ${e.source.article.published}` : ' · no publication date'}
              </span>
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}

// ---- The network graph.

interface GraphModel {
  nodes: Map<string, GraphNode>;
  /** One edge per (subject, label, object), with every source that states it. */
  edges: Map<string, { id: string; source: string; target: string; label: string; directed: boolean; evidence: GraphEdge[] }>;
}

function buildGraph(root: string, caption: string, edges: GraphEdge[]): GraphModel {
  const nodes = new Map<string, GraphNode>([[root, { key: root, label: caption, kind: 'party', expandable: true }]]);
  const grouped: GraphModel['edges'] = new Map();
  for (const e of edges) {
    for (const end of [e.subject.node, e.object.node]) if (!nodes.has(end.key)) nodes.set(end.key, end);
    const id = `${e.subject.node.key}\u0001${e.label}\u0001${e.object.node.key}`;
    const group = grouped.get(id) ?? { id, source: e.subject.node.key, target: e.object.node.key, label: e.label, directed: e.directed !== false, evidence: [] };
    group.evidence.push(e);
    grouped.set(id, group);
  }
  return { nodes, edges: grouped };
}

// A list's caption can be a paragraph ("Pakistan Atomic Energy Commission (PAEC), and subordinate
// entity …"): the graph shows its start, the panel the whole.
const shortLabel = (label: string) => (label.length > 48 ? `${label.slice(0, 48).replace(/[\s,;(]+\S*$/u, '')}…` : label);

const STYLE: cytoscape.StylesheetJson = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'background-color': '#7b8794',
      width: 14,
      height: 14,
      'font-size': 11,
      'text-valign': 'bottom',
      'text-margin-y': 3,
      'text-wrap': 'wrap',
      'text-max-width': '140px',
      color: '#1b1f24',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.85,
      'text-background-padding': '1px',
    },
  },
  { selector: 'node[kind = "party"]', style: { 'background-color': '#12344d' } },
  { selector: 'node[kind = "authority"], node[kind = "country"]', style: { shape: 'round-rectangle', 'background-color': '#c6314a' } },
  { selector: 'node[?root]', style: { width: 24, height: 24, 'font-weight': 'bold', 'font-size': 12, 'background-color': '#f0b429', 'border-color': '#12344d', 'border-width': 2 } },
  // A listed party whose relations are not shown yet: a ring says "click to add them".
  { selector: 'node[?expandable][!expanded]', style: { 'background-color': '#ffffff', 'border-color': '#12344d', 'border-width': 3 } },
  {
    selector: 'edge',
    style: {
      label: 'data(label)',
      width: 1.5,
      'line-color': '#9aa5b1',
      'target-arrow-color': '#9aa5b1',
      'target-arrow-shape': 'triangle',
      'curve-style': 'bezier',
      'font-size': 10,
      color: '#8a1c2e',
      'text-background-color': '#fafafa',
      'text-background-opacity': 0.9,
      'text-background-padding': '1px',
    },
  },
  { selector: 'edge[!directed]', style: { 'target-arrow-shape': 'none' } },
  { selector: 'edge:selected, edge.hover', style: { 'line-color': '#c6314a', 'target-arrow-color': '#c6314a', width: 3 } },
  { selector: 'node:selected', style: { 'border-color': '#f0b429', 'border-width': 3 } },
];

type Selection = { kind: 'edge'; id: string } | { kind: 'node'; key: string };

function Evidence({ model, selected, expanded, root }: { model: GraphModel; selected: Selection | null; expanded: string[]; root: string }) {
  if (!selected) return <p className="meta">Click or point at a line to read its evidence; click a dark node to add its relations.</p>;
  if (selected.kind === 'node') {
    const node = model.nodes.get(selected.key);
    if (!node) return null;
    return (
      <div>
        <h3>{node.label}</h3>
        <p className="meta">{node.kind === 'party' ? 'listed party' : node.kind === 'reported' ? 'named in news, on no list' : node.kind}</p>
        {node.kind === 'party' && node.key !== root ? <a href={`#/entity/${encodeURIComponent(node.key)}`}>open profile</a> : null}
        {node.expandable ? <p className="meta">{expanded.includes(node.key) ? 'its relations are shown' : 'loading its relations…'}</p> : null}
      </div>
    );
  }
  const edge = model.edges.get(selected.id);
  if (!edge) return null;
  const name = (key: string) => model.nodes.get(key)?.label ?? key;
  return (
    <div>
      <h3>
        {name(edge.source)} <b>{edge.label}</b> {name(edge.target)}
      </h3>
      <ul>
        {edge.evidence.map((e, i) =>
          e.source.kind === 'news' ? (
            <li key={i} className="news">
              <q>{e.source.evidence}</q>
              <div className="meta">
                <a href={`#/article/${e.source.articleId}`}>{e.source.article?.title ?? e.source.articleId}</a>
                {e.source.article ? ` · ${e.source.article.source.label}` : ''}
                {e.source.article?.published ? ` · published ${e.source.article.published}` : ''}
              </div>
            </li>
          ) : (
            <li key={i} className="list">
              {e.subject.name} {e.label} {e.object.name}
              <div className="meta">
                list {e.source.title ? `${e.source.title} (${e.source.dataset})` : e.source.dataset}
                {e.source.versionDate ? `, version of ${e.source.versionDate}` : ''}
                {e.source.record ? `, record ${e.source.record}` : ''}
              </div>
            </li>
          ),
        )}
      </ul>
    </div>
  );
}

declare global {
  interface Window {
    /** The profile's graph, for tests and the curious: cytoscape's Core. */
    __sanctraceGraph?: cytoscape.Core;
  }
}

function Network({ root, caption }: { root: string; caption: string }) {
  const [edges, setEdges] = useState<GraphEdge[]>([]);
  const [expanded, setExpanded] = useState<string[]>([root]);
  const [loaded, setLoaded] = useState(false);
  const [selected, setSelected] = useState<Selection | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const cyRef = useRef<cytoscape.Core | null>(null);
  const expandedRef = useRef(expanded);
  expandedRef.current = expanded;

  useEffect(() => {
    let live = true;
    Promise.all(expanded.map((id) => graph(id).catch(() => [] as GraphEdge[]))).then((lists) => {
      if (!live) return;
      const seen = new Set<string>();
      const key = (e: GraphEdge) => `${e.subject.node.key}|${e.label}|${e.object.node.key}|${e.source.kind === 'news' ? `${e.source.articleId}|${e.source.evidence}` : e.source.record ?? e.source.dataset}`;
      setEdges(lists.flat().filter((e) => !seen.has(key(e)) && seen.add(key(e))));
      setLoaded(true);
    });
    return () => {
      live = false;
    };
  }, [expanded]);

  const model = useMemo(() => buildGraph(root, caption, edges), [root, caption, edges]);

  // One cytoscape instance for the page's life; elements are added as nodes are expanded.
  const [ready, setReady] = useState(false);
  useEffect(() => {
    let live = true;
    let cy: cytoscape.Core | null = null;
    void loadCytoscape().then((make) => {
      if (!live || !box.current) return;
      cy = make({ container: box.current, style: STYLE, minZoom: 0.2, maxZoom: 3, boxSelectionEnabled: false });
      wire(cy);
      setReady(true);
    });
    return () => {
      live = false;
      if (!cy) return;
      cy.destroy();
      cyRef.current = null;
      if (window.__sanctraceGraph === cy) delete window.__sanctraceGraph;
    };
  }, []);

  function wire(cy: cytoscape.Core) {
    cyRef.current = cy;
    window.__sanctraceGraph = cy;
    cy.on('tap', 'edge', (evt) => setSelected({ kind: 'edge', id: evt.target.id() as string }));
    cy.on('mouseover', 'edge', (evt) => {
      evt.target.addClass('hover');
      setSelected({ kind: 'edge', id: evt.target.id() as string });
    });
    cy.on('mouseout', 'edge', (evt) => evt.target.removeClass('hover'));
    cy.on('tap', 'node', (evt) => {
      const key = evt.target.id() as string;
      setSelected({ kind: 'node', key });
      if (evt.target.data('expandable') && !expandedRef.current.includes(key)) setExpanded((list) => (list.includes(key) ? list : [...list, key]));
    });
  }

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || !loaded || !ready) return;
    cy.batch(() => {
      for (const node of model.nodes.values()) {
        const data = { id: node.key, label: shortLabel(node.label), name: node.label, kind: node.kind, expandable: node.expandable, expanded: expanded.includes(node.key), root: node.key === root };
        const existing = cy.getElementById(node.key);
        if (existing.nonempty()) existing.data(data);
        else cy.add({ group: 'nodes', data });
      }
      for (const edge of model.edges.values()) if (cy.getElementById(edge.id).empty()) cy.add({ group: 'edges', data: { id: edge.id, source: edge.source, target: edge.target, label: edge.label, directed: edge.directed } });
    });
    const layout: FcoseLayoutOptions = {
      name: 'fcose',
      quality: 'proof',
      randomize: true,
      animate: false,
      fit: false,
      nodeDimensionsIncludeLabels: true,
      idealEdgeLength: () => 170,
      nodeRepulsion: () => 30000,
      edgeElasticity: () => 0.3,
      nodeSeparation: 120,
      // The party the page is about stays in the middle.
      fixedNodeConstraint: [{ nodeId: root, position: { x: 0, y: 0 } }],
    };
    // The box may have changed size (no relations: a smaller box).
    cy.resize();
    const run = cy.layout(layout);
    run.one('layoutstop', () => {
      cy.fit(undefined, 30);
      // Two or three nodes would be blown up to fill the box.
      if (cy.zoom() > 1.5) {
        cy.zoom(1.5);
        cy.center();
      }
      box.current?.setAttribute('data-layout', 'done');
    });
    box.current?.setAttribute('data-layout', 'running');
    run.run();
  }, [model, loaded, ready, expanded, root]);

  const listed = (node: GraphNode) => node.expandable && !expanded.includes(node.key);
  return (
    <div>
      <div className="graph-wrap">
        <div ref={box} className={`graph${loaded && edges.length === 0 ? ' empty' : ''}`} role="img" aria-label="network of relations" data-nodes={model.nodes.size} data-edges={model.edges.size} />
        <aside className="evidence" aria-live="polite">
          <Evidence model={model} selected={selected} expanded={expanded} root={root} />
        </aside>
      </div>
      <p className="meta">
        {model.nodes.size} parties, {model.edges.size} relations · dark: listed party (ringed: click to add its relations) · red square: authority or country · grey: named in news, on no list · drag to pan, scroll to zoom{' '}
        <button type="button" onClick={() => cyRef.current?.fit(undefined, 30)}>
          fit to view
        </button>
      </p>
      {loaded && edges.length === 0 ? <p className="meta">No relations are known for this party.</p> : null}
      <ul className="edges">
        {edges.map((e, i) => (
          <li key={i}>
            {e.subject.name} <b>{e.label}</b> {e.object.name}{' '}
            {e.source.kind === 'news' ? (
              <a href={`#/article/${e.source.articleId}`} title={e.source.article?.title ?? e.source.evidence}>
                “{e.source.evidence}”
              </a>
            ) : (
              <span className="meta">({e.source.dataset}{e.source.versionDate ? `, version of ${e.source.versionDate}` : ''})</span>
            )}
            {[e.subject.node, e.object.node].filter(listed).map((n) => (
              <button key={n.key} type="button" onClick={() => setExpanded((list) => [...new Set([...list, n.key])])}>
                expand {n.label}
              </button>
            ))}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function EntityPage({ id }: { id: string }) {
  const [data, setData] = useState<Profile | null>(null);
  const [entries, setEntries] = useState<DatedEntry[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    // Both before the page is drawn, so the graph below does not move when the timeline arrives.
    Promise.all([profile(id), datedTimeline(id).catch(() => [] as DatedEntry[])])
      .then(([p, t]) => {
        setEntries(t);
        setData(p);
      })
      .catch((e: Error) => setError(e.message));
  }, [id]);
  if (error) return <p className="error">{error}</p>;
  if (!data) return <p>Loading…</p>;
  return (
    <article className="profile">
      <h1>{data.caption}</h1>
      <p className="meta">
        {data.schemaLabel} · {[...new Set(data.sources.map((s) => s.dataset))].join(', ')} · {data.id}
        {data.sources.length > 1 ? ` · one party of ${data.sources.length} source records` : ''}
      </p>
      <ProfileView data={data} />
      <h2>Timeline</h2>
      <Timeline entries={entries} />
      <h2>Network</h2>
      <Network root={data.id} caption={data.caption} />
    </article>
  );
}
