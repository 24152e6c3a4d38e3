export { diffSpecs, definitionPointer, toPointer, type SpecChange } from './spec-diff.js';
export {
  classifyChange,
  kindOf,
  policyRules,
  sideOf,
  type Classification,
  type PolicyRule,
  type Side,
} from './change-policy.js';
export { describeChange, fieldPath } from './describe-change.js';
export { checkBreaking, formatGate, gate, isBlocking, type GateInput, type GateResult } from './gate.js';
export {
  lastReleaseOf,
  readHistory,
  readReleasedSpec,
  toRecorded,
  type ApiRelease,
  type RecordedChange,
  type ReleaseEntry,
  type ReleaseHistory,
} from './history.js';
export { recordRelease, type RecordResult } from './record.js';
export { applyChangesets, copyWorkspace, releaseDry, type DryRunResult, type PackedPackage } from './dry-run.js';
export { releasePlan, type PlannedRelease } from './release-plan.js';
export {
  clientsBySpec,
  historyPath,
  publishable,
  releasedSpecPath,
  repoRoot,
  workspacePackages,
  type WorkspacePackage,
} from './workspace.js';
