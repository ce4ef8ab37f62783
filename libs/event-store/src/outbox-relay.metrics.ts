import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

// Several relays may share an app's registry: a metric registers once and is told apart by label.
function counter(registry: Registry, name: string, help: string, labelNames: string[]): Counter<string> {
  const existing = registry.getSingleMetric(name);
  return existing instanceof Counter ? existing : new Counter({ name, help, labelNames, registers: [registry] });
}

function gauge(registry: Registry, name: string, help: string): Gauge<string> {
  const existing = registry.getSingleMetric(name);
  return existing instanceof Gauge ? existing : new Gauge({ name, help, labelNames: ['relay'], registers: [registry] });
}

function histogram(registry: Registry, name: string, help: string): Histogram<string> {
  const existing = registry.getSingleMetric(name);
  return existing instanceof Histogram
    ? existing
    : new Histogram({
        name,
        help,
        labelNames: ['relay'],
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        registers: [registry],
      });
}

export class OutboxRelayMetrics {
  private readonly publishedTotal: Counter<string>;
  private readonly republishedTotal: Counter<string>;
  private readonly errorsTotal: Counter<string>;
  private readonly lagEvents: Gauge<string>;
  private readonly lagSeconds: Gauge<string>;
  private readonly leaderGauge: Gauge<string>;
  private readonly batchDuration: Histogram<string>;

  constructor(
    registry: Registry,
    private readonly relay: string,
  ) {
    this.publishedTotal = counter(
      registry,
      'pulse_outbox_relay_events_published_total',
      'Events the outbox relay published and Kafka acknowledged',
      ['relay', 'topic'],
    );
    this.republishedTotal = counter(
      registry,
      'pulse_outbox_relay_events_republished_total',
      'Events sent again after a crash left it unknown which of them had reached Kafka',
      ['relay'],
    );
    this.errorsTotal = counter(
      registry,
      'pulse_outbox_relay_errors_total',
      'Relay rounds that failed and were retried',
      ['relay'],
    );
    this.lagEvents = gauge(
      registry,
      'pulse_outbox_relay_lag_events',
      'Committed events not yet published (measured by the relay holding the lock)',
    );
    this.lagSeconds = gauge(
      registry,
      'pulse_outbox_relay_lag_seconds',
      'Age of the oldest committed event not yet published, 0 when caught up',
    );
    this.leaderGauge = gauge(
      registry,
      'pulse_outbox_relay_leader',
      '1 while this instance holds the relay lock and publishes, 0 while it stands by',
    );
    this.batchDuration = histogram(
      registry,
      'pulse_outbox_relay_batch_duration_seconds',
      'Time to publish one batch: Kafka offsets, send with acks=all, checkpoint',
    );
  }

  published(topic: string, count: number): void {
    this.publishedTotal.inc({ relay: this.relay, topic }, count);
  }

  republished(count: number): void {
    this.republishedTotal.inc({ relay: this.relay }, count);
  }

  failed(): void {
    this.errorsTotal.inc({ relay: this.relay });
  }

  lag(events: number, seconds: number): void {
    this.lagEvents.set({ relay: this.relay }, events);
    this.lagSeconds.set({ relay: this.relay }, seconds);
  }

  leader(isLeader: boolean): void {
    this.leaderGauge.set({ relay: this.relay }, isLeader ? 1 : 0);
  }

  /** Returns the function that records the batch's duration. */
  startBatch(): () => void {
    return this.batchDuration.startTimer({ relay: this.relay });
  }
}
