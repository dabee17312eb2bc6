import type { Rule } from "../compiler/check/rule.js";
import artifactSchema from "./artifact/schema.js";
import forbiddenImport from "./code/forbidden-import.js";
import codeNoCycle from "./code/no-cycle.js";
import noGateBypass from "./code/no-gate-bypass.js";
import noLayerBypass from "./code/no-layer-bypass.js";
import noSiblingImport from "./code/no-sibling-import.js";
import tooDeep from "./code/too-deep.js";
import unmappedFile from "./code/unmapped-file.js";
import writeScope from "./code/write-scope.js";
import contractBreaking from "./contract/breaking.js";
import contractConflict from "./contract/conflict.js";
import contractJsonSchema from "./contract/json-schema.js";
import contractNotation from "./contract/notation.js";
import contractTenantKey from "./contract/tenant-key.js";
import contractTraceIds from "./contract/trace-ids.js";
import asymmetricEdge from "./graph/asymmetric-edge.js";
import duplicatePhase from "./graph/duplicate-phase.js";
import noCycle from "./graph/no-cycle.js";
import unknownPhase from "./graph/unknown-phase.js";
import shadowedGuardrailName from "./guardrails/shadowed-name.js";
import unknownGuardrailName from "./guardrails/unknown-name.js";
import untraced from "./invariant/untraced.js";
import noBypass from "./layers/no-bypass.js";
import runtimeGate from "./layers/runtime-gate.js";
import unmappedModule from "./layers/unmapped-module.js";
import emptyGlob from "./manifest/empty-glob.js";
import manifestSchema from "./manifest/schema.js";
import manifestUnknownLayer from "./manifest/unknown-layer.js";
import manifestUnknownRule from "./manifest/unknown-rule.js";
import duplicateComponent from "./mission/duplicate-component.js";
import missionMarkdown from "./mission/markdown.js";
import orphanContract from "./mission/orphan-contract.js";
import missionSchema from "./mission/schema.js";
import unknownParty from "./mission/unknown-party.js";
import policyEval from "./policy/eval.js";
import policyLoad from "./policy/load.js";
import exactAcceptance from "./protocol/exact-acceptance.js";
import keyOrder from "./protocol/key-order.js";
import measurableAcceptance from "./protocol/measurable-acceptance.js";
import modulePath from "./protocol/module-path.js";
import parse from "./protocol/parse.js";
import requiredKeys from "./protocol/required-keys.js";
import reservedName from "./protocol/reserved-name.js";
import protocolSchema from "./protocol/schema.js";
import statusConsistency from "./protocol/status-consistency.js";
import traceIds from "./protocol/trace-ids.js";
import unknownKey from "./protocol/unknown-key.js";
import requirementUnknownRef from "./requirement/unknown-ref.js";
import requirementUntraced from "./requirement/untraced.js";
import humanApproval from "./roles/human-approval.js";
import leastPrivilege from "./roles/least-privilege.js";
import separationOfDuties from "./roles/separation-of-duties.js";
import unusedSuppression from "./suppression/unused.js";
import boundaryGate from "./tenancy/boundary-gate.js";
import tenantKey from "./tenancy/tenant-key.js";

/**
 * Every rule spec-kit ships, in id order. Rule owners add their module here; a test checks
 * that each id matches its file path under rules/.
 */
export const ALL_RULES: readonly Rule[] = [
  artifactSchema,
  forbiddenImport,
  codeNoCycle,
  noGateBypass,
  noLayerBypass,
  noSiblingImport,
  tooDeep,
  unmappedFile,
  writeScope,
  contractBreaking,
  contractConflict,
  contractJsonSchema,
  contractNotation,
  contractTenantKey,
  contractTraceIds,
  asymmetricEdge,
  duplicatePhase,
  noCycle,
  unknownPhase,
  shadowedGuardrailName,
  unknownGuardrailName,
  untraced,
  noBypass,
  runtimeGate,
  unmappedModule,
  emptyGlob,
  manifestSchema,
  manifestUnknownLayer,
  manifestUnknownRule,
  duplicateComponent,
  missionMarkdown,
  orphanContract,
  missionSchema,
  unknownParty,
  policyEval,
  policyLoad,
  exactAcceptance,
  keyOrder,
  measurableAcceptance,
  modulePath,
  parse,
  requiredKeys,
  reservedName,
  protocolSchema,
  statusConsistency,
  traceIds,
  unknownKey,
  requirementUnknownRef,
  requirementUntraced,
  humanApproval,
  leastPrivilege,
  separationOfDuties,
  unusedSuppression,
  boundaryGate,
  tenantKey,
];

/** Looks a rule up by id. */
export function findRule(id: string): Rule | undefined {
  return ALL_RULES.find((rule) => rule.id === id);
}
