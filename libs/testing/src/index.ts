export * from './app-process';
export * from './decider-spec';
export * from './expect-eventually';
export * from './fixture-build';
export * from './test-engines';
export * from './test-namespace';
