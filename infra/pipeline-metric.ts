import type { Duration } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { SERVICES, type MetricName } from '../shared/pipeline/pipeline-metrics';

/** Options of {@link pipelineMetric}. */
export interface PipelineMetricOptions {
  /** @default 'Sum' */
  readonly statistic?: string;
  /** @default Duration.minutes(5) */
  readonly period?: Duration;
  /** @default - the metric name */
  readonly label?: string;
  /** Dimensions besides `service` (e.g. `channel`). @default none */
  readonly dimensions?: Record<string, string>;
}

/**
 * One of the pipeline's own metrics, as the functions publish it through Powertools: in the
 * stack's namespace, with the emitting function's `service` as a dimension (and the metric's
 * own, like a channel kind).
 */
export function pipelineMetric(
  namespace: string,
  service: keyof typeof SERVICES,
  name: MetricName,
  options: PipelineMetricOptions = {},
): Metric {
  return new Metric({
    namespace,
    metricName: name,
    dimensionsMap: { service: SERVICES[service], ...options.dimensions },
    statistic: options.statistic ?? 'Sum',
    period: options.period,
    label: options.label,
  });
}
