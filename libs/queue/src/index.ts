export { InjectQueue, OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
export { Queue, QueueEvents, Worker, type Job } from 'bullmq';
export * from './bullmq-connection';
export * from './queue.module';
