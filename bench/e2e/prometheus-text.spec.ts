import { maxOfMetric, sumByLabel, sumOfMetric } from './prometheus-text';

describe('prometheus text', () => {
  const text = [
    '# HELP hookline_projector_lag_facts Facts in the topic not yet projected, per partition',
    '# TYPE hookline_projector_lag_facts gauge',
    'hookline_projector_lag_facts{topic="b.delivery-log",partition="0"} 12',
    'hookline_projector_lag_facts{topic="b.delivery-log",partition="1"} 3',
    'hookline_projector_lag_facts_total 99',
    'hookline_projector_lag_seconds{topic="b.delivery-log",partition="0"} 1.5',
    'hookline_projector_lag_seconds{topic="b.delivery-log",partition="1"} 0.25',
  ].join('\n');

  it('sums a metric over its label sets, not metrics that share its prefix', () => {
    expect(sumOfMetric(text, 'hookline_projector_lag_facts')).toBe(15);
  });

  it('takes the largest sample', () => {
    expect(maxOfMetric(text, 'hookline_projector_lag_seconds')).toBe(1.5);
  });

  it('says when a metric is absent', () => {
    expect(sumOfMetric(text, 'nope')).toBeUndefined();
  });

  it('sums a counter by one label, whatever the other labels', () => {
    const counters = [
      '# TYPE hookline_kafka_requests_total counter',
      'hookline_kafka_requests_total{client="hookline-ingest",api="Produce",otel_scope_name="hookline-kafka"} 10',
      'hookline_kafka_requests_total{client="hookline-ingest-http",api="Produce",otel_scope_name="hookline-kafka"} 5',
      'hookline_kafka_requests_total{api="Fetch",client="hookline-ingest"} 7',
      'hookline_kafka_requests_total_created{api="Fetch"} 1700000000',
      'hookline_other_total{api="Fetch"} 100',
    ].join('\n');
    expect(sumByLabel(counters, 'hookline_kafka_requests_total', 'api')).toEqual(
      new Map([
        ['Produce', 15],
        ['Fetch', 7],
      ]),
    );
    expect(sumByLabel(counters, 'hookline_kafka_requests_total', 'client')).toEqual(
      new Map([
        ['hookline-ingest', 17],
        ['hookline-ingest-http', 5],
      ]),
    );
  });
});
