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
  type EdgeProps,
  getBezierPath,
  getSmoothStepPath,
  Handle,
  MarkerType,
  type Node,
  type NodeChange,
  type NodeProps,
  Position,
  ReactFlow,
  ReactFlowProvider,
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
type ExitEdgeData = { labels: string[]; auto: boolean; anchor: 'center' | 'above' | 'below' };
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

function ExitEdgeView({ id, source, target, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, markerEnd, style }: EdgeProps<ExitEdge>) {
  let path: string;
  let lx: number;
  let ly: number;
  if (source === target) {
    // a loop on the right side of the node: out of the bottom handle, back into the top one
    const bulge = data?.auto ? 150 : 110;
    path = `M ${sourceX} ${sourceY} C ${sourceX + bulge} ${sourceY + 70}, ${targetX + bulge} ${targetY - 70}, ${targetX} ${targetY}`;
    lx = sourceX + bulge * 0.75;
    ly = (sourceY + targetY) / 2;
  } else if (data?.auto) {
    [path, lx, ly] = getSmoothStepPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition, borderRadius: 10, offset: 24 });
  } else {
    [path, lx, ly] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  }
  const shift = data?.anchor === 'above' ? '-100%' : data?.anchor === 'below' ? '0%' : '-50%';
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} style={style} />
      <EdgeLabelRenderer>
        <div
          className={`pe-edge-label ${data?.auto ? 'pe-edge-label-auto' : 'pe-edge-label-script'}`}
          style={{ transform: `translate(-50%, ${shift}) translate(${lx}px, ${ly}px)` }}
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
  focus: { key: string; n: number } | null;
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
    const out: ExitEdge[] = [];
    for (const s of def.statuses) {
      // one edge per target and per sort (script / automatic); exits to a missing status are
      // not drawn (the linter reports them on the node)
      const groups = new Map<string, ExitRef[]>();
      for (const x of exitsOf(s)) {
        if (!keys.has(x.target)) continue;
        const id = `${s.key}>${x.target}>${x.kind === 'script' ? 'script' : 'auto'}`;
        groups.set(id, [...(groups.get(id) ?? []), x]);
      }
      for (const [id, exits] of groups) {
        const auto = exits[0].kind !== 'script';
        const target = exits[0].target;
        const both = groups.has(`${s.key}>${target}>${auto ? 'script' : 'auto'}`);
        const labels = exits.map(exitLabel);
        const color = auto ? autoColor : scriptColor;
        out.push({
          id,
          type: 'exit',
          source: s.key,
          target,
          data: { labels, auto, anchor: both ? (auto ? 'below' : 'above') : 'center' },
          markerEnd: { type: MarkerType.ArrowClosed, color, width: 18, height: 18 },
          style: { stroke: color, strokeWidth: 1.6, ...(auto ? { strokeDasharray: '6 4' } : {}) },
          className: auto ? 'pe-edge-auto' : 'pe-edge-script',
          ariaLabel: t('process.edgeLabel', { from: names.get(s.key) ?? '', to: names.get(target) ?? '', exits: labels.join(', ') }),
          selectable: true,
          deletable: false,
        });
      }
    }
    return out;
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
  const canvas = useRef<HTMLDivElement>(null);
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
    <div className="pe-canvas" ref={canvas} role="region" aria-label={t('process.graph.label')}>
      <ReactFlow<StatusNode, ExitEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onConnect={(c: Connection) => editable && onConnect(c.source, c.target)}
        onEdgeClick={(_, e) => onSelect(e.source, true)}
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
    </div>
  );
}
