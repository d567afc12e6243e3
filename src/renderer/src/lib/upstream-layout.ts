/**
 * Lays out a domain's upstream graph for drawing: repositories that others read from sit below the
 * repositories that read from them, external connections at the bottom. Layers come from longest
 * paths over the graph with cycle-closing edges set aside (CodeArtifact search tolerates cycles),
 * and nodes within a layer are ordered by the average position of their neighbours to keep edges
 * from crossing where that is easy.
 */
import type { RepositoryDescription } from '@aws-sdk/client-codeartifact';

export interface GraphNode {
  readonly id: string;
  readonly label: string;
  readonly kind: 'repository' | 'external';
  readonly layer: number;
  readonly x: number;
  readonly y: number;
}

export interface GraphPoint {
  readonly x: number;
  readonly y: number;
}

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  /** 1-based position of the upstream in the repository's search order; 0 for external connections. */
  readonly order: number;
  /** True for an edge that closes a cycle (drawn around the side instead of along `points`). */
  readonly back: boolean;
  /**
   * Where a forward edge runs: from the bottom of its source, through the slots it was given in
   * the layers it crosses (so it never cuts through a node), to the top of its target.
   */
  readonly points: GraphPoint[];
}

export interface GraphLayout {
  readonly nodes: GraphNode[];
  readonly edges: GraphEdge[];
  readonly width: number;
  readonly height: number;
}

export const nodeWidth = 168;
export const nodeHeight = 40;
const columnGap = 36;
const layerGap = 84;
const margin = 20;
const placeholderWidth = 16;

const repositoryId = (name: string): string => `repository:${name}`;
const externalId = (name: string): string => `external:${name}`;

export function layoutUpstreamGraph(repositories: readonly RepositoryDescription[]): GraphLayout {
  const labels = new Map<string, { label: string; kind: GraphNode['kind'] }>();
  const edges: { from: string; to: string; order: number }[] = [];
  for (const repository of repositories) {
    if (repository.name)
      labels.set(repositoryId(repository.name), { label: repository.name, kind: 'repository' });
  }
  for (const repository of repositories) {
    if (!repository.name) continue;
    const from = repositoryId(repository.name);
    (repository.upstreams ?? []).forEach((upstream, index) => {
      if (!upstream.repositoryName) return;
      const to = repositoryId(upstream.repositoryName);
      if (!labels.has(to)) labels.set(to, { label: upstream.repositoryName, kind: 'repository' });
      edges.push({ from, to, order: index + 1 });
    });
    for (const connection of repository.externalConnections ?? []) {
      if (!connection.externalConnectionName) continue;
      const to = externalId(connection.externalConnectionName);
      labels.set(to, { label: connection.externalConnectionName, kind: 'external' });
      edges.push({ from, to, order: 0 });
    }
  }

  const ids = [...labels.keys()].sort();
  const outgoing = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const edge of edges) outgoing.get(edge.from)?.push(edge.to);

  // Depth-first search marks edges that return to a node on the current path: those close cycles.
  const backEdges = new Set<string>();
  const visiting = new Set<string>();
  const visited = new Set<string>();
  const visit = (id: string): void => {
    visiting.add(id);
    for (const to of outgoing.get(id) ?? []) {
      if (visiting.has(to)) backEdges.add(`${id}->${to}`);
      else if (!visited.has(to)) visit(to);
    }
    visiting.delete(id);
    visited.add(id);
  };
  for (const id of ids) if (!visited.has(id)) visit(id);

  const forward = edges.filter((edge) => !backEdges.has(`${edge.from}->${edge.to}`));
  const layer = new Map<string, number>(ids.map((id) => [id, 0]));
  // Longest path: repeat relaxation; the forward edges form a DAG so |ids| rounds always suffice.
  for (let round = 0; round < ids.length; round++) {
    let changed = false;
    for (const edge of forward) {
      const candidate = (layer.get(edge.from) ?? 0) + 1;
      if (candidate > (layer.get(edge.to) ?? 0)) {
        layer.set(edge.to, candidate);
        changed = true;
      }
    }
    if (!changed) break;
  }
  // External connections are where resolution ends: put them on the bottom layer.
  const deepest = Math.max(
    0,
    ...ids.filter((id) => labels.get(id)?.kind === 'repository').map((id) => layer.get(id) ?? 0),
  );
  for (const id of ids) if (labels.get(id)?.kind === 'external') layer.set(id, deepest + 1);

  // An edge that crosses layers gets a narrow placeholder in each layer it passes through; the
  // placeholders are ordered with the nodes, which is what keeps long edges out of other nodes.
  const placeholders = new Map<string, string[]>();
  const segments: { from: string; to: string }[] = [];
  for (const edge of forward) {
    const start = layer.get(edge.from) ?? 0;
    const end = layer.get(edge.to) ?? 0;
    const chain: string[] = [];
    for (let crossed = start + 1; crossed < end; crossed++) {
      const id = `via:${edge.from}->${edge.to}:${crossed}`;
      layer.set(id, crossed);
      chain.push(id);
    }
    placeholders.set(`${edge.from}->${edge.to}`, chain);
    const stops = [edge.from, ...chain, edge.to];
    for (let index = 1; index < stops.length; index++)
      segments.push({ from: stops[index - 1] ?? '', to: stops[index] ?? '' });
  }
  const isPlaceholder = (id: string): boolean => id.startsWith('via:');
  const widthOf = (id: string): number => (isPlaceholder(id) ? placeholderWidth : nodeWidth);

  const layerCount = ids.length === 0 ? 0 : Math.max(0, ...layer.values()) + 1;
  const rows: string[][] = Array.from({ length: layerCount }, () => []);
  for (const [id, index] of [...layer.entries()].sort(([a], [b]) => a.localeCompare(b)))
    rows[index]?.push(id);

  const position = new Map<string, number>();
  const setPositions = (): void => rows.forEach((row) => row.forEach((id, index) => position.set(id, index)));
  setPositions();
  const neighbours = (id: string, upward: boolean): string[] =>
    segments
      .filter((segment) => (upward ? segment.to === id : segment.from === id))
      .map((segment) => (upward ? segment.from : segment.to));
  const barycentre = (id: string, upward: boolean): number => {
    const list = neighbours(id, upward);
    if (list.length === 0) return position.get(id) ?? 0;
    return list.reduce((sum, other) => sum + (position.get(other) ?? 0), 0) / list.length;
  };
  for (let pass = 0; pass < 6; pass++) {
    const downward = pass % 2 === 0;
    const order = downward
      ? rows.map((_, index) => index).slice(1)
      : rows
          .map((_, index) => index)
          .reverse()
          .slice(1);
    for (const index of order) {
      const row = rows[index];
      if (!row) continue;
      const scores = new Map(row.map((id) => [id, barycentre(id, downward)]));
      row.sort((a, b) => (scores.get(a) ?? 0) - (scores.get(b) ?? 0) || a.localeCompare(b));
      setPositions();
    }
  }

  const rowWidth = (row: string[]): number =>
    row.reduce((sum, id) => sum + widthOf(id), 0) + Math.max(0, row.length - 1) * columnGap;
  const width = Math.max(nodeWidth, ...rows.map(rowWidth)) + margin * 2;
  const centre = new Map<string, GraphPoint>();
  const nodes: GraphNode[] = [];
  rows.forEach((row, rowIndex) => {
    let x = (width - rowWidth(row)) / 2;
    const y = margin + rowIndex * (nodeHeight + layerGap);
    for (const id of row) {
      centre.set(id, { x: x + widthOf(id) / 2, y });
      const info = labels.get(id);
      if (info) nodes.push({ id, label: info.label, kind: info.kind, layer: rowIndex, x, y });
      x += widthOf(id) + columnGap;
    }
  });

  const routed = edges.map((edge): GraphEdge => {
    const back = backEdges.has(`${edge.from}->${edge.to}`);
    const source = centre.get(edge.from);
    const target = centre.get(edge.to);
    if (back || !source || !target) return { ...edge, back, points: [] };
    const points: GraphPoint[] = [{ x: source.x, y: source.y + nodeHeight }];
    for (const id of placeholders.get(`${edge.from}->${edge.to}`) ?? []) {
      const slot = centre.get(id);
      if (slot) points.push({ x: slot.x, y: slot.y }, { x: slot.x, y: slot.y + nodeHeight });
    }
    points.push({ x: target.x, y: target.y });
    return { ...edge, back, points };
  });
  return {
    nodes,
    edges: routed,
    width,
    height: layerCount === 0 ? 0 : margin * 2 + layerCount * nodeHeight + (layerCount - 1) * layerGap,
  };
}
