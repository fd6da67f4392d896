// PR-1: the process drawn as a graph (React Flow). Statuses are nodes in their colour, exits are
// edges: solid for the agent's script mappings, dashed for automatic exits (dialer results,
// counter, e-mail event, waiting on dialer, action results). The linter's findings mark nodes.
import {
  Background,
  BaseEdge,
  type Connection,
  Controls,
  type Edge,
  EdgeLabelRenderer,
  type EdgeChange,
  type EdgeProps,
  Handle,
  MarkerType,
  type Node,
  type NodeChange,
  type NodeProps,
  Position,
  ReactFlow,
  ReactFlowProvider,
  useInternalNode,
  useReactFlow,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import { type ExitRef, exitsOf, type ProcessDef, type ProcessStatusDef, textOn } from './model.ts';
import { useExitLabel } from './labels.ts';

export interface NodeMarks {
  severity: 'error' | 'warning' | null;
  texts: string[];
}

type StatusNodeData = { status: ProcessStatusDef; marks: NodeMarks | undefined; inbound: boolean };
type StatusNode = Node<StatusNodeData, 'status'>;
/** bend: px sideways; labelAt: where along the edge its label sits (0…1, lower key → higher key) */
type ExitEdgeData = { labels: string[]; auto: boolean; bend: number; labelAt: number };
type ExitEdge = Edge<ExitEdgeData, 'exit'>;

function StatusNodeView({ data, selected }: NodeProps<StatusNode>) {
  const { t } = useI18n();
  const s = data.status;
  const severity = data.marks?.severity ?? null;
  return (
    <div
      className={`pe-node${selected ? ' pe-node-selected' : ''}${severity ? ` pe-node-${severity}` : ''}`}
      style={{ background: s.color, color: textOn(s.color) }}
      title={data.marks?.texts.join('\n') || undefined}
    >
      <Handle type="target" position={Position.Top} />
      <div className="pe-node-name">{s.name.trim() || t('process.unnamed')}</div>
      <div className="pe-node-qualifier">{t(`qualifier.${s.qualifier}`)}</div>
      {(s.initial || s.availability === 'system' || data.inbound) && (
        <div className="pe-node-badges">
          {s.initial && <span className="pe-badge pe-badge-initial">{t('process.initialBadge')}</span>}
          {s.availability === 'system' && <span className="pe-badge">{t('process.systemOnlyBadge')}</span>}
          {data.inbound && <span className="pe-badge">{t('process.inboundBadge')}</span>}
        </div>
      )}
      {severity && (
        <span className={`pe-node-flag pe-node-flag-${severity}`} aria-hidden="true">
          !
        </span>
      )}
      <Handle type="source" position={Position.Bottom} />
    </div>
  );
}

/** Where the line from the centre of `a` towards `toward` leaves the box of `a`. */
function borderPoint(a: { x: number; y: number; w: number; h: number }, toward: { x: number; y: number }) {
  const cx = a.x + a.w / 2;
  const cy = a.y + a.h / 2;
  const dx = toward.x - cx;
  const dy = toward.y - cy;
  if (dx === 0 && dy === 0) return { x: cx, y: cy };
  const scale = 1 / Math.max(Math.abs(dx) / (a.w / 2), Math.abs(dy) / (a.h / 2));
  return { x: cx + dx * scale, y: cy + dy * scale };
}

/**
 * Edges float between the borders of the two nodes (whatever their places), as quadratic curves
 * bent sideways by `bend` px so that several edges between the same two statuses stay apart.
 */
function ExitEdgeView({ id, source, target, data, markerEnd, style }: EdgeProps<ExitEdge>) {
  const a = useInternalNode(source);
  const b = useInternalNode(target);
  if (!a || !b) return null;
  const box = (n: NonNullable<typeof a>) => ({
    x: n.internals.positionAbsolute.x,
    y: n.internals.positionAbsolute.y,
    w: n.measured.width ?? 180,
    h: n.measured.height ?? 60,
  });
  const A = box(a);
  const B = box(b);
  let path: string;
  let lx: number;
  let ly: number;
  if (source === target) {
    // a loop on the right side of the node
    const reach = 70 + Math.abs(data?.bend ?? 0);
    const x = A.x + A.w;
    const y1 = A.y + A.h * 0.3;
    const y2 = A.y + A.h * 0.7;
    path = `M ${x} ${y1} C ${x + reach} ${y1 - 30}, ${x + reach} ${y2 + 30}, ${x} ${y2}`;
    lx = x + reach * 0.75;
    ly = (y1 + y2) / 2;
  } else {
    const ca = { x: A.x + A.w / 2, y: A.y + A.h / 2 };
    const cb = { x: B.x + B.w / 2, y: B.y + B.h / 2 };
    // the bend is given for the direction "lower key → higher key", so edges both ways separate
    const len = Math.hypot(cb.x - ca.x, cb.y - ca.y) || 1;
    const sign = source < target ? 1 : -1;
    const nx = (-(cb.y - ca.y) / len) * sign;
    const ny = ((cb.x - ca.x) / len) * sign;
    const bend = data?.bend ?? 0;
    const mid = { x: (ca.x + cb.x) / 2 + nx * bend, y: (ca.y + cb.y) / 2 + ny * bend };
    const p0 = borderPoint(A, mid);
    const p2 = borderPoint(B, mid);
    // the control point that puts the curve's middle on `mid`
    const c = { x: 2 * mid.x - (p0.x + p2.x) / 2, y: 2 * mid.y - (p0.y + p2.y) / 2 };
    path = `M ${p0.x} ${p0.y} Q ${c.x} ${c.y} ${p2.x} ${p2.y}`;
    // labels of several edges between the same statuses sit at different places along them
    const at = data?.labelAt ?? 0.5;
    const u = source < target ? at : 1 - at;
    lx = (1 - u) ** 2 * p0.x + 2 * (1 - u) * u * c.x + u ** 2 * p2.x;
    ly = (1 - u) ** 2 * p0.y + 2 * (1 - u) * u * c.y + u ** 2 * p2.y;
  }
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} style={style} />
      <EdgeLabelRenderer>
        <div
          className={`pe-edge-label ${data?.auto ? 'pe-edge-label-auto' : 'pe-edge-label-script'}`}
          style={{ transform: `translate(-50%, -50%) translate(${lx}px, ${ly}px)` }}
        >
          {data?.labels.map((l, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: labels may repeat (two mappings with the same text)
            <div key={i}>{l}</div>
          ))}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

const nodeTypes = { status: StatusNodeView };
const edgeTypes = { exit: ExitEdgeView };

const scriptColor = '#475569';
const autoColor = '#b45309';

export interface GraphProps {
  def: ProcessDef;
  marks: Map<string, NodeMarks>;
  selected: string | null;
  editable: boolean;
  /** a status to bring into view (n changes for every request) */
  focus: { key: string; n: number; fit?: boolean } | null;
  onSelect(key: string | null, exits?: boolean): void;
  onMove(key: string, x: number, y: number): void;
  onConnect(source: string, target: string): void;
}

export function ProcessGraph(props: GraphProps) {
  return (
    <ReactFlowProvider>
      <Graph {...props} />
    </ReactFlowProvider>
  );
}

function Graph({ def, marks, selected, editable, focus, onSelect, onMove, onConnect }: GraphProps) {
  const { t } = useI18n();
  const exitLabel = useExitLabel();
  const flow = useReactFlow();
  // React Flow measures the nodes; the sizes must be handed back on every render
  const [sizes, setSizes] = useState<Map<string, { width: number; height: number }>>(() => new Map());

  const inbound = useMemo(() => new Set(def.inboundStatusKeys), [def.inboundStatusKeys]);
  const nodes = useMemo<StatusNode[]>(
    () =>
      def.statuses.map((s) => {
        const m = marks.get(s.key);
        const desc = [s.name.trim() || t('process.unnamed'), t(`qualifier.${s.qualifier}`)];
        if (s.initial) desc.push(t('process.initialBadge'));
        if (s.availability === 'system') desc.push(t('process.systemOnlyBadge'));
        if (m?.texts.length) desc.push(...m.texts);
        return {
          id: s.key,
          type: 'status',
          position: { x: s.x, y: s.y },
          data: { status: s, marks: m, inbound: inbound.has(s.key) },
          selected: s.key === selected,
          measured: sizes.get(s.key),
          className: m?.severity ? `pe-lint-${m.severity}` : undefined,
          ariaLabel: desc.join(', '),
          draggable: editable,
          connectable: editable,
        };
      }),
    [def.statuses, marks, selected, sizes, editable, inbound, t],
  );

  const edges = useMemo<ExitEdge[]>(() => {
    const keys = new Set(def.statuses.map((s) => s.key));
    const names = new Map(def.statuses.map((s) => [s.key, s.name.trim() || t('process.unnamed')]));
    // one edge per source, target and sort (script / automatic); exits to a missing status are
    // not drawn (the linter reports them on the node)
    const groups = new Map<string, { source: string; target: string; auto: boolean; exits: ExitRef[] }>();
    for (const s of def.statuses) {
      for (const x of exitsOf(s)) {
        if (!keys.has(x.target)) continue;
        const auto = x.kind !== 'script';
        const id = `${s.key}>${x.target}>${auto ? 'auto' : 'script'}`;
        const g = groups.get(id) ?? { source: s.key, target: x.target, auto, exits: [] };
        g.exits.push(x);
        groups.set(id, g);
      }
    }
    // edges between the same two statuses (either way) get bends that keep them apart
    const pairs = new Map<string, string[]>();
    for (const [id, g] of groups) {
      const pair = [g.source, g.target].sort().join('|');
      pairs.set(pair, [...(pairs.get(pair) ?? []), id]);
    }
    const bends = new Map<string, { bend: number; labelAt: number }>();
    for (const ids of pairs.values()) {
      const m = ids.length;
      ids.forEach((id, k) => {
        bends.set(id, m === 1 ? { bend: 0, labelAt: 0.5 } : { bend: (k - (m - 1) / 2) * 56, labelAt: 0.3 + (0.4 * k) / (m - 1) });
      });
    }
    return [...groups].map(([id, g]) => {
      const labels = g.exits.map(exitLabel);
      const color = g.auto ? autoColor : scriptColor;
      return {
        id,
        type: 'exit' as const,
        source: g.source,
        target: g.target,
        data: {
          labels,
          auto: g.auto,
          bend: g.source === g.target ? (g.auto ? 40 : 0) : (bends.get(id)?.bend ?? 0),
          labelAt: bends.get(id)?.labelAt ?? 0.5,
        },
        markerEnd: { type: MarkerType.ArrowClosed, color, width: 18, height: 18 },
        style: { stroke: color, strokeWidth: 1.6, ...(g.auto ? { strokeDasharray: '6 4' } : {}) },
        className: g.auto ? 'pe-edge-auto' : 'pe-edge-script',
        ariaLabel: t('process.edgeLabel', { from: names.get(g.source) ?? '', to: names.get(g.target) ?? '', exits: labels.join(', ') }),
        selectable: true,
        deletable: false,
      };
    });
  }, [def.statuses, exitLabel, t]);

  const onNodesChange = (changes: NodeChange<StatusNode>[]) => {
    let newSizes: Map<string, { width: number; height: number }> | null = null;
    for (const c of changes) {
      if (c.type === 'dimensions' && c.dimensions) {
        newSizes ??= new Map(sizes);
        newSizes.set(c.id, c.dimensions);
      } else if (c.type === 'position' && c.position && editable) {
        onMove(c.id, Math.round(c.position.x), Math.round(c.position.y));
      } else if (c.type === 'select' && c.selected) {
        onSelect(c.id);
      }
    }
    if (newSizes) setSizes(newSizes);
  };

  // bring a status into view (a new one, or one picked in the findings), keeping the zoom
  const canvas = useRef<HTMLElement>(null);
  const statusesRef = useRef(def.statuses);
  statusesRef.current = def.statuses;
  const sizesRef = useRef(sizes);
  sizesRef.current = sizes;
  useEffect(() => {
    const s = focus && statusesRef.current.find((x) => x.key === focus.key);
    const box = canvas.current?.getBoundingClientRect();
    if (!s || !box) return;
    const size = sizesRef.current.get(s.key) ?? { width: 180, height: 70 };
    const tl = flow.flowToScreenPosition({ x: s.x, y: s.y });
    const br = flow.flowToScreenPosition({ x: s.x + size.width, y: s.y + size.height });
    if (tl.x >= box.left && tl.y >= box.top && br.x <= box.right && br.y <= box.bottom) return;
    // a new status: show the whole graph; one picked in the findings: centre it, keeping the zoom
    if (focus.fit) {
      // after React Flow has measured the new node
      const timer = window.setTimeout(() => void flow.fitView({ maxZoom: 1, padding: 0.2, duration: 200 }), 80);
      return () => window.clearTimeout(timer);
    }
    void flow.setCenter(s.x + size.width / 2, s.y + size.height / 2, { zoom: flow.getZoom(), duration: 300 });
  }, [focus, flow]);

  const aria = useMemo(
    () => ({
      'node.a11yDescription.default': t('process.graph.nodeHelp'),
      'node.a11yDescription.keyboardDisabled': t('process.graph.nodeHelpMove'),
      'node.a11yDescription.ariaLiveMessage': ({ x, y }: { direction: string; x: number; y: number }) => t('process.graph.moved', { x, y }),
      'edge.a11yDescription.default': t('process.graph.edgeHelp'),
      'controls.ariaLabel': t('process.graph.controls'),
      'controls.zoomIn.ariaLabel': t('process.graph.zoomIn'),
      'controls.zoomOut.ariaLabel': t('process.graph.zoomOut'),
      'controls.fitView.ariaLabel': t('process.graph.fitView'),
      'controls.interactive.ariaLabel': t('process.graph.interactive'),
      'minimap.ariaLabel': t('process.graph.minimap'),
      'handle.ariaLabel': t('process.graph.handle'),
    }),
    [t],
  );

  return (
    <section className="pe-canvas" ref={canvas} aria-label={t('process.graph.label')}>
      <ReactFlow<StatusNode, ExitEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onConnect={(c: Connection) => editable && onConnect(c.source, c.target)}
        onEdgeClick={(_, e) => onSelect(e.source, true)}
        onEdgesChange={(changes: EdgeChange<ExitEdge>[]) => {
          // Enter on a focused edge selects it: edit the exits of the status it starts from
          for (const c of changes) {
            const e = c.type === 'select' && c.selected ? edges.find((x) => x.id === c.id) : undefined;
            if (e) onSelect(e.source, true);
          }
        }}
        onPaneClick={() => onSelect(null)}
        nodesDraggable={editable}
        nodesConnectable={editable}
        deleteKeyCode={null}
        multiSelectionKeyCode={null}
        selectionKeyCode={null}
        fitView
        fitViewOptions={{ maxZoom: 1, padding: 0.2 }}
        minZoom={0.2}
        ariaLabelConfig={aria}
      >
        <Background gap={20} size={1} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </section>
  );
}
