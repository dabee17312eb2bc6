import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** The service's Prometheus metrics, on a registry of its own (never prom-client's global one). */
export interface ServeMetrics {
  registry: Registry;
  requests: Counter<"method" | "route" | "status">;
  duration: Histogram<"method" | "route">;
  inFlight: Gauge;
  queued: Gauge;
  busyWorkers: Gauge;
  compileCpu: Histogram;
  budgetExceeded: Counter<"kind">;
  saturated: Counter<"reason">;
  logRecords: Counter;
  logStreams: Gauge;
}

/**
 * Creates the metrics: request counts and latencies by route and status (no tenant label: a
 * scrape must not list who uses the service), admission and worker gauges, compile CPU, budget
 * refusals, saturation refusals, log records and open log streams, and Node's process metrics.
 * `sample` fills the gauges that are read rather than counted, at scrape time.
 */
export function createMetrics(sample: () => { queued: number; busyWorkers: number }): ServeMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "spec_kit_" });
  const registers = [registry];
  return {
    registry,
    requests: new Counter({ name: "spec_kit_http_requests_total", help: "HTTP requests answered, by method, route and status", labelNames: ["method", "route", "status"], registers }),
    duration: new Histogram({
      name: "spec_kit_http_request_duration_seconds",
      help: "Time from a request's arrival to its response, by method and route",
      labelNames: ["method", "route"],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
    inFlight: new Gauge({ name: "spec_kit_specifications_in_flight", help: "POST /specifications requests admitted and not yet answered", registers }),
    queued: new Gauge({
      name: "spec_kit_compile_queue_depth",
      help: "Compile jobs waiting for a worker",
      registers,
      collect() {
        this.set(sample().queued);
      },
    }),
    busyWorkers: new Gauge({
      name: "spec_kit_compile_workers_busy",
      help: "Compile workers running a job",
      registers,
      collect() {
        this.set(sample().busyWorkers);
      },
    }),
    compileCpu: new Histogram({ name: "spec_kit_compile_cpu_seconds", help: "CPU time of finished compile jobs", buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers }),
    budgetExceeded: new Counter({ name: "spec_kit_compile_budget_exceeded_total", help: "Compile jobs stopped by a limit: cpu, wall or memory", labelNames: ["kind"], registers }),
    saturated: new Counter({ name: "spec_kit_saturation_refusals_total", help: "Requests refused because the server (queue) or the tenant (tenant_queue) had too many in flight", labelNames: ["reason"], registers }),
    logRecords: new Counter({ name: "spec_kit_log_records_total", help: "Records appended to spec.logs by this process", registers }),
    logStreams: new Gauge({ name: "spec_kit_log_streams_open", help: "Open GET /spec.logs responses", registers }),
  };
}
