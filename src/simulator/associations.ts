// Direct associations: the undirected edges of JumpCloud's graph that are not group memberships (a user
// bound to a device, a user group bound to a device group, a user group bound to an app, ...). Group
// memberships live with their groups (Directory for users, Inventory for systems), because the API treats
// them as a different kind of edge (`/members` vs `/associations`).
import type { GraphAttributes } from '../jumpcloud/types.js';

export type NodeType = 'user' | 'user_group' | 'system' | 'system_group' | 'application';

export interface GraphNode {
  type: NodeType;
  id: string;
}

/** The pairs of types JumpCloud lets one associate (API-NOTES §5); anything else is refused. */
const ALLOWED: ReadonlySet<string> = new Set([
  'system|user',
  'system_group|user',
  'application|user',
  'system|user_group',
  'system_group|user_group',
  'application|user_group',
]);

export interface Neighbour {
  id: string;
  /** The edge's attributes (e.g. `{sudo: {enabled, withoutPassword}}`), null when it carries none. */
  attributes: GraphAttributes;
}

const nodeKey = (node: GraphNode): string => `${node.type}:${node.id}`;

export function canAssociate(a: NodeType, b: NodeType): boolean {
  return ALLOWED.has([a, b].sort().join('|'));
}

export class Associations {
  /** node key → neighbour node key → edge attributes; every edge is stored in both directions. */
  private readonly edges = new Map<string, Map<string, GraphAttributes>>();

  has(a: GraphNode, b: GraphNode): boolean {
    return this.edges.get(nodeKey(a))?.has(nodeKey(b)) ?? false;
  }

  /** Returns false when the edge was already there (the API answers 409 then). */
  add(a: GraphNode, b: GraphNode, attributes: GraphAttributes = null): boolean {
    if (!canAssociate(a.type, b.type)) throw new Error(`cannot associate ${a.type} with ${b.type}`);
    if (this.has(a, b)) return false;
    this.side(a).set(nodeKey(b), attributes);
    this.side(b).set(nodeKey(a), attributes);
    return true;
  }

  /** Returns false when there was no such edge (the API answers 404 then). */
  remove(a: GraphNode, b: GraphNode): boolean {
    if (!this.has(a, b)) return false;
    this.edges.get(nodeKey(a))?.delete(nodeKey(b));
    this.edges.get(nodeKey(b))?.delete(nodeKey(a));
    return true;
  }

  /** Replaces an existing edge's attributes (op `update`); false when there is no such edge. */
  update(a: GraphNode, b: GraphNode, attributes: GraphAttributes): boolean {
    if (!this.has(a, b)) return false;
    this.side(a).set(nodeKey(b), attributes);
    this.side(b).set(nodeKey(a), attributes);
    return true;
  }

  /** Removes every edge of a node (it was deleted). */
  removeNode(node: GraphNode): void {
    const key = nodeKey(node);
    for (const other of this.edges.get(key)?.keys() ?? []) this.edges.get(other)?.delete(key);
    this.edges.delete(key);
  }

  /** The nodes of one type associated with `node`, in id order. */
  neighbours(node: GraphNode, type: NodeType): Neighbour[] {
    const prefix = `${type}:`;
    return [...(this.edges.get(nodeKey(node)) ?? new Map<string, GraphAttributes>())]
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, attributes]) => ({ id: key.slice(prefix.length), attributes }))
      .sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  }

  /** Every edge once, as `[a, b, attributes]` with a < b: for snapshots. */
  list(): [string, string, GraphAttributes][] {
    const out: [string, string, GraphAttributes][] = [];
    for (const [a, neighbours] of this.edges) {
      for (const [b, attributes] of neighbours) if (a < b) out.push([a, b, attributes]);
    }
    return out.sort((x, y) => (x[0] + x[1] < y[0] + y[1] ? -1 : 1));
  }

  private side(node: GraphNode): Map<string, GraphAttributes> {
    const key = nodeKey(node);
    let side = this.edges.get(key);
    if (!side) {
      side = new Map();
      this.edges.set(key, side);
    }
    return side;
  }
}
