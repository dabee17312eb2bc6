/**
 * Acceptance checking for generated test suites: a phase's criteria, read by spec-kit as
 * `metric comparator threshold unit`, checked against measured metrics. Pure: the suite reads
 * the metrics file and hands the parsed JSON to {@link phaseMetrics}.
 */

/** A comparator in canonical form, as spec-kit reads it from an acceptance criterion. */
export type Comparator = "<" | "<=" | ">" | ">=" | "=" | "!=";

/** The denominator of a rate: "per 1,000 requests" is `{ per: 1000, unit: "requests" }`. */
export interface CriterionRate {
  readonly per: number;
  readonly unit: string;
}

/**
 * One clause of an acceptance criterion, read as `metric comparator threshold unit [per N unit]`
 * (a criterion of several clauses holds when each does).
 */
export interface Criterion {
  /** What is measured, as written in the spec: "p99 lease validation latency". */
  readonly metric: string;
  readonly comparator: Comparator;
  readonly threshold: number;
  /** The threshold's unit as written ("ms", "%"); "" for a plain number. */
  readonly unit: string;
  /** "5 errors per 1,000 requests": the measured value is counted per that many of `rate.unit`, as the spec states it. */
  readonly rate?: CriterionRate;
}

/** Whether a measurement satisfies a criterion, with a message that says why (or why not). */
export interface CriterionVerdict {
  readonly holds: boolean;
  readonly message: string;
}

/** One phase's measured metrics, by metric name as its criteria spell it. */
export type PhaseMetrics = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is object {
  return typeof value === "object" && value !== null;
}

/**
 * The metrics of `phaseId` in a parsed metrics file `{ "<PHASE_ID>": { "<metric>": number } }`,
 * or undefined when the file holds none for it. Only own properties count, so a phase id such
 * as `__proto__` or `constructor` never reaches `Object.prototype`.
 */
export function phaseMetrics(all: unknown, phaseId: string): PhaseMetrics | undefined {
  if (!isObject(all) || !Object.hasOwn(all, phaseId)) return undefined;
  const phase: unknown = (all as Record<string, unknown>)[phaseId];
  return isObject(phase) ? (phase as PhaseMetrics) : undefined;
}

function compare(value: number, comparator: Comparator, threshold: number): boolean | undefined {
  switch (comparator) {
    case "<":
      return value < threshold;
    case "<=":
      return value <= threshold;
    case ">":
      return value > threshold;
    case ">=":
      return value >= threshold;
    case "=":
      return value === threshold;
    case "!=":
      return value !== threshold;
    default:
      return undefined;
  }
}

function requirement(criterion: Criterion): string {
  const rate = criterion.rate === undefined ? "" : ` per ${criterion.rate.per === 1 ? "" : `${criterion.rate.per} `}${criterion.rate.unit}`.trimEnd();
  return `${criterion.comparator} ${criterion.threshold}${criterion.unit === "" ? "" : ` ${criterion.unit}`}${rate}`;
}

/**
 * Checks one measured value against a criterion. A value that is not a number (nothing was
 * measured) and a comparator outside {@link Comparator} never hold.
 */
export function evaluateCriterion(value: unknown, criterion: Criterion): CriterionVerdict {
  if (typeof value !== "number") return { holds: false, message: `no measured value for ${JSON.stringify(criterion.metric)}` };
  const holds = compare(value, criterion.comparator, criterion.threshold);
  if (holds === undefined) return { holds: false, message: `unknown comparator ${JSON.stringify(criterion.comparator)}` };
  return { holds, message: `${JSON.stringify(criterion.metric)}: measured ${value}, required ${requirement(criterion)}` };
}

/**
 * Checks a criterion against a phase's metrics (from {@link phaseMetrics}): its metric's own
 * value there, if any, through {@link evaluateCriterion}. Without metrics it does not hold.
 */
export function checkCriterion(metrics: PhaseMetrics | undefined, criterion: Criterion): CriterionVerdict {
  const value = metrics !== undefined && Object.hasOwn(metrics, criterion.metric) ? metrics[criterion.metric] : undefined;
  return evaluateCriterion(value, criterion);
}
