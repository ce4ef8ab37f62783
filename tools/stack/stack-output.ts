/** Progress goes to stderr so that `status --json` and friends keep stdout clean. */
export function say(message: string): void {
  process.stderr.write(`[stack] ${message}\n`);
}

export class StackFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StackFailure';
  }
}
