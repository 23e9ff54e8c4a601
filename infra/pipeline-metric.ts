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
}

/**
 * One of the pipeline's own metrics, as the functions publish it through Powertools: in the
 * stack's namespace, with the emitting function's `service` as the only dimension.
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
    dimensionsMap: { service: SERVICES[service] },
    statistic: options.statistic ?? 'Sum',
    period: options.period,
    label: options.label,
  });
}
