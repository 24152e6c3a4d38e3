export { formatSummary, main, plannedRuns, type RunResult, type TargetRun } from './main.js';
