/**
 * The domain's upstream graph as a drawing: an arrow from a repository to each repository it reads
 * from (numbered in search order) and to its external connection. Clicking a repository opens it.
 */
import { useEffect, useMemo } from 'react';
import { EmptyState } from '../components/EmptyState';
import { ErrorMessage } from '../components/ErrorMessage';
import { Loading } from '../components/Loading';
import {
  layoutUpstreamGraph,
  nodeHeight,
  nodeWidth,
  type GraphEdge,
  type GraphNode,
} from '../lib/upstream-layout';
import { useApp } from '../store/store-context';

/** A smooth path along the edge's points: vertical tangents at every stop, so it reads as flowing down. */
function edgePath(edge: GraphEdge, from: GraphNode, to: GraphNode): string {
  if (edge.back) {
    // A cycle-closing edge goes upward: route it around the right-hand side of both nodes.
    const y1 = from.y + nodeHeight / 2;
    const y2 = to.y + nodeHeight / 2;
    const side = Math.max(from.x, to.x) + nodeWidth + 40;
    return `M ${from.x + nodeWidth} ${y1} C ${side} ${y1}, ${side} ${y2}, ${to.x + nodeWidth} ${y2}`;
  }
  const [first, ...rest] = edge.points;
  if (!first) return '';
  let path = `M ${first.x} ${first.y}`;
  let previous = first;
  for (const point of rest) {
    if (point.x === previous.x) path += ` L ${point.x} ${point.y}`;
    else {
      const middle = (previous.y + point.y) / 2;
      path += ` C ${previous.x} ${middle}, ${point.x} ${middle}, ${point.x} ${point.y}`;
    }
    previous = point;
  }
  return path;
}

function labelPosition(edge: GraphEdge, from: GraphNode, to: GraphNode): { x: number; y: number } {
  const [first, second] = edge.points;
  if (edge.back || !first || !second)
    return { x: (from.x + to.x) / 2 + nodeWidth / 2, y: (from.y + to.y) / 2 + nodeHeight / 2 };
  // Close to the source, where the arrows of one repository fan out in their search order.
  return { x: first.x + (second.x - first.x) * 0.3, y: first.y + (second.y - first.y) * 0.35 };
}

export function UpstreamGraph({ domain }: { domain: string }): React.JSX.Element {
  const graph = useApp((state) => state.domainGraph);
  const loadDomainGraph = useApp((state) => state.loadDomainGraph);
  const navigate = useApp((state) => state.navigate);
  useEffect(() => {
    void loadDomainGraph(domain);
  }, [domain, loadDomainGraph]);
  const current = graph.domain === domain ? graph : undefined;
  const layout = useMemo(() => layoutUpstreamGraph(current?.repositories ?? []), [current?.repositories]);
  const byId = useMemo(() => new Map(layout.nodes.map((node) => [node.id, node])), [layout]);

  if (!current || (current.status === 'loading' && current.repositories.length === 0)) return <Loading />;
  if (current.status === 'error') return <ErrorMessage error={current.error} />;
  if (layout.nodes.length === 0) {
    return (
      <EmptyState title="No repositories to draw" testId="graph-empty">
        Create repositories and give them upstreams to see how packages flow.
      </EmptyState>
    );
  }
  const pad = 60;
  return (
    <div className="graph-wrap" data-testid="upstream-graph">
      <p className="muted small">
        An arrow points from a repository to where it looks for packages it does not hold, numbered in search
        order.
      </p>
      <svg
        className="graph"
        width={layout.width + pad}
        height={layout.height}
        viewBox={`0 0 ${layout.width + pad} ${layout.height}`}
        role="group"
        aria-label={`Upstream graph of ${domain}`}
      >
        <defs>
          <marker
            id="arrow"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto-start-reverse"
          >
            <path d="M 0 0 L 10 5 L 0 10 z" className="graph-arrow" />
          </marker>
        </defs>
        {layout.edges.map((edge) => {
          const from = byId.get(edge.from);
          const to = byId.get(edge.to);
          if (!from || !to) return null;
          const label = labelPosition(edge, from, to);
          return (
            <g
              key={`${edge.from}->${edge.to}`}
              data-testid="graph-edge"
              data-from={from.label}
              data-to={to.label}
            >
              <path
                d={edgePath(edge, from, to)}
                className={`graph-edge${edge.back ? ' back' : ''}`}
                markerEnd="url(#arrow)"
              />
              {edge.order > 0 && (
                <text x={label.x + 8} y={label.y + 4} className="graph-edge-label" textAnchor="middle">
                  {edge.order}
                </text>
              )}
            </g>
          );
        })}
        {layout.nodes.map((node) => (
          <g
            key={node.id}
            transform={`translate(${node.x} ${node.y})`}
            className={`graph-node ${node.kind}`}
            data-testid="graph-node"
            data-name={node.label}
            role={node.kind === 'repository' ? 'link' : undefined}
            tabIndex={node.kind === 'repository' ? 0 : undefined}
            onClick={() =>
              node.kind === 'repository' &&
              navigate({ screen: 'repository', domain, repository: node.label, tab: 'settings' })
            }
            onKeyDown={(event) => {
              if (node.kind === 'repository' && (event.key === 'Enter' || event.key === ' ')) {
                event.preventDefault();
                navigate({ screen: 'repository', domain, repository: node.label, tab: 'settings' });
              }
            }}
          >
            <rect width={nodeWidth} height={nodeHeight} rx={node.kind === 'external' ? 20 : 6} />
            <text x={nodeWidth / 2} y={nodeHeight / 2 + 5} textAnchor="middle">
              {node.label.length > 22 ? `${node.label.slice(0, 21)}…` : node.label}
            </text>
            <title>
              {node.kind === 'external' ? `External connection ${node.label}` : `Repository ${node.label}`}
            </title>
          </g>
        ))}
      </svg>
    </div>
  );
}
