import { getQueueToken, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Test, type TestingModule } from '@nestjs/testing';
import { expectEventually, requireEngine, testEngines, testNamespace } from '@pulse/testing';
import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import { bullmqConnection } from './bullmq-connection';
import { QueueModule } from './queue.module';

// Workers, queue events and Nest start-up each open Redis connections; two busy cores need room.
jest.setTimeout(30_000);

const ns = testNamespace(__filename);
const prefix = `${ns.redisPrefix}bull`;
const connection = bullmqConnection(testEngines.redis);

interface ResizeJob {
  imageId: string;
  width: number;
}

/** Everything this file opens, closed in afterAll even when a test fails half-way. */
const closers: (() => Promise<void>)[] = [];
const queues: Queue[] = [];

async function openQueue(name: string): Promise<Queue> {
  const queue = new Queue(name, { connection, prefix });
  queues.push(queue);
  await queue.waitUntilReady();
  return queue;
}

async function openQueueEvents(name: string): Promise<QueueEvents> {
  const events = new QueueEvents(name, { connection, prefix });
  closers.push(() => events.close());
  await events.waitUntilReady();
  return events;
}

function openWorker<T, R>(name: string, process: (job: Job<T>) => Promise<R>): Worker<T, R> {
  const worker = new Worker<T, R>(name, process, { connection, prefix });
  closers.push(() => worker.close());
  return worker;
}

beforeAll(async () => {
  await requireEngine('redis');
});

afterAll(async () => {
  await Promise.allSettled(closers.map((close) => close()));
  // Obliterate removes every key of the queue under our prefix, then the queue closes.
  await Promise.allSettled(queues.map((queue) => queue.obliterate({ force: true }).finally(() => queue.close())));
});

describe('BullMQ queues on the shared Redis', () => {
  it('runs a job to completion and reports its return value', async () => {
    const queue = await openQueue('resize');
    const events = await openQueueEvents('resize');
    const worker = openWorker<ResizeJob, string>('resize', async (job) => `${job.data.imageId}@${job.data.width}w`);
    await worker.waitUntilReady();

    const job = await queue.add('resize', { imageId: 'img-1', width: 320 });
    await expect(job.waitUntilFinished(events)).resolves.toBe('img-1@320w');
    const stored = await queue.getJob(job.id ?? '');
    expect(await stored?.getState()).toBe('completed');
    expect(stored?.attemptsMade).toBe(1);
  });

  it('retries a failing job with backoff and ends it failed with the error', async () => {
    const queue = await openQueue('flaky');
    const events = await openQueueEvents('flaky');
    const attempts: number[] = [];
    const worker = openWorker<ResizeJob, never>('flaky', async (job) => {
      attempts.push(job.attemptsMade);
      throw new Error(`image ${job.data.imageId} is corrupt`);
    });
    await worker.waitUntilReady();

    const job = await queue.add(
      'flaky',
      { imageId: 'img-bad', width: 64 },
      { attempts: 2, backoff: { type: 'fixed', delay: 50 } },
    );
    await expect(job.waitUntilFinished(events)).rejects.toThrow('image img-bad is corrupt');

    // Two runs: the first attempt and one retry after the backoff, then no more.
    expect(attempts).toEqual([0, 1]);
    const stored = await queue.getJob(job.id ?? '');
    expect(await stored?.getState()).toBe('failed');
    expect(stored?.attemptsMade).toBe(2);
    expect(stored?.failedReason).toBe('image img-bad is corrupt');
  });

  describe('through QueueModule and a Nest @Processor', () => {
    @Processor('thumbnails')
    class ThumbnailProcessor extends WorkerHost {
      readonly completed: string[] = [];

      async process(job: Job<ResizeJob>): Promise<string> {
        return `thumb:${job.data.imageId}:${job.data.width}`;
      }

      @OnWorkerEvent('completed')
      onCompleted(job: Job<ResizeJob>, result: unknown): void {
        if (typeof result === 'string') this.completed.push(`${job.id}=${result}`);
      }
    }

    let moduleRef: TestingModule | undefined;

    afterAll(async () => {
      // Closing runs the shutdown hooks that close the module's workers and queues.
      await moduleRef?.close();
    });

    it('processes a job added through the injected queue', async () => {
      moduleRef = await Test.createTestingModule({
        imports: [QueueModule.forRoot(testEngines.redis, { prefix, queues: ['thumbnails'] })],
        providers: [ThumbnailProcessor],
      }).compile();
      await moduleRef.init();

      const queue = moduleRef.get<Queue>(getQueueToken('thumbnails'));
      // The module's keys are under our prefix too, so afterAll can obliterate them.
      expect(queue.opts.prefix).toBe(prefix);
      const cleanup = new Queue('thumbnails', { connection, prefix });
      queues.push(cleanup);

      const job = await queue.add('thumbnail', { imageId: 'img-7', width: 128 });
      const processor = moduleRef.get(ThumbnailProcessor);
      await expectEventually(() => expect(processor.completed).toEqual([`${job.id}=thumb:img-7:128`]));
      expect(await job.getState()).toBe('completed');
      expect((await queue.getJob(job.id ?? ''))?.returnvalue).toBe('thumb:img-7:128');
    });
  });
});
