export * from './decider';
export * from './domain-rule.exception';
export * from './validation-rules';
