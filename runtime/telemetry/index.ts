// runtime/telemetry: OpenTelemetry for Flint processes — OTLP trace export, the Prometheus
// endpoint, and the instruments that read actor-system and cluster state at scrape time.
export { setupTelemetry, type Telemetry, type TelemetryOptions } from './telemetry.js';
export { resolveTracesUrl, checkMetricsBind, ServiceName } from './telemetry-config.js';
export { observeActorSystem, ACTOR_COUNTERS, ACTOR_GAUGES } from './actor-metrics.js';
export { observeCluster, NODE_STATES, type ClusterMetricsSource } from './cluster-metrics.js';
export { observeRuntime, type RuntimeMetricsOptions } from './runtime-metrics.js';
