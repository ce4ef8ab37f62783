export async function runTestSuite(_argv: readonly string[]): Promise<number> { return 1; }
