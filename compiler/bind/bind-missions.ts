import type { LoadedDocument } from "../bundle.js";
import { own, stringItems } from "../guards.js";
import { compareStrings } from "../diagnostics.js";
import { idPart } from "./node-id.js";
import type { TaskGraph } from "./task-graph.js";

function eachObject(value: unknown, visit: (item: unknown, index: number) => void): void {
  if (Array.isArray(value)) value.forEach(visit);
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * Adds the nodes of mission documents (schemas/mission.schema.json): components, data
 * contracts, requirements, tasks (with their depends_on edges) and roles, ids scoped by mission id (`component:agentnexus/mission-control`,
 * `contract:agentnexus/MissionPrompt`, `role:agentnexus/release-captain`), and the edges
 * component `produces` / `consumes` contract for producers and consumers that name a
 * component of the same mission by id or name (actors stay outside the graph). Malformed
 * parts are skipped; of two documents with one mission id the first by file is bound.
 */
export function bindMissions(graph: TaskGraph, missions: readonly LoadedDocument<unknown>[]): void {
  const seen = new Set<string>();
  const docs = [...missions].sort((a, b) => compareStrings(a.document.file, b.document.file));
  for (const doc of docs) {
    const file = doc.document.file;
    const missionId = text(own(own(doc.data, "mission"), "id"));
    if (missionId === undefined || seen.has(missionId)) continue;
    seen.add(missionId);

    const componentByRef = new Map<string, string>();
    eachObject(own(doc.data, "components"), (component, index) => {
      const id = text(own(component, "id"));
      if (id === undefined) return;
      const nodeId = `component:${idPart(missionId)}/${idPart(id)}`;
      const name = text(own(component, "name"));
      graph.addNode({ id: nodeId, kind: "component", label: name ?? id, source: { file, path: ["components", index] } });
      if (!componentByRef.has(id)) componentByRef.set(id, nodeId);
      if (name !== undefined && !componentByRef.has(name)) componentByRef.set(name, nodeId);
    });

    eachObject(own(doc.data, "contracts"), (contract, index) => {
      const name = text(own(contract, "name"));
      if (name === undefined) return;
      const nodeId = `contract:${idPart(missionId)}/${idPart(name)}`;
      graph.addNode({ id: nodeId, kind: "contract", label: name, source: { file, path: ["contracts", index] } });
      for (const [field, kind] of [["producers", "produces"], ["consumers", "consumes"]] as const) {
        for (const item of stringItems(own(contract, field))) {
          const component = componentByRef.get(item.value);
          if (component === undefined) continue;
          graph.addEdge({ from: component, to: nodeId, kind, source: { file, path: ["contracts", index, field, item.index] } });
        }
      }
    });

    eachObject(own(doc.data, "requirements"), (requirement, index) => {
      const id = text(own(requirement, "id"));
      if (id === undefined) return;
      const label = text(own(requirement, "text")) ?? id;
      const section = text(own(requirement, "section"));
      graph.addNode({
        id: `requirement:${idPart(missionId)}/${idPart(id)}`,
        kind: "requirement",
        label,
        ...(section === undefined ? {} : { group: section }),
        source: { file, path: ["requirements", index] },
      });
    });

    const taskNode = (id: string) => `task:${idPart(missionId)}/${idPart(id)}`;
    eachObject(own(doc.data, "tasks"), (task, index) => {
      const id = text(own(task, "id"));
      if (id === undefined) return;
      const title = text(own(task, "title"));
      const phase = text(own(task, "phase"));
      graph.addNode({
        id: taskNode(id),
        kind: "task",
        label: title === undefined ? id : `${id} ${title}`,
        ...(phase === undefined ? {} : { group: phase }),
        source: { file, path: ["tasks", index] },
      });
    });
    eachObject(own(doc.data, "tasks"), (task, index) => {
      const id = text(own(task, "id"));
      if (id === undefined) return;
      for (const item of stringItems(own(task, "depends_on"))) {
        graph.addEdge({ from: taskNode(id), to: taskNode(item.value), kind: "depends_on", source: { file, path: ["tasks", index, "depends_on", item.index] } });
      }
    });

    eachObject(own(doc.data, "roles"), (role, index) => {
      const id = text(own(role, "id"));
      if (id === undefined) return;
      graph.addNode({
        id: `role:${idPart(missionId)}/${idPart(id)}`,
        kind: "role",
        label: text(own(role, "name")) ?? id,
        source: { file, path: ["roles", index] },
      });
    });
  }
}
