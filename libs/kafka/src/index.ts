export * from './kafka-ports.factory';
export * from './kafka-probe';
export * from './kafka.module';
export * from './kafka.ports';
