export * from './app-process';
export * from './expect-eventually';
export * from './test-engines';
export * from './test-namespace';
