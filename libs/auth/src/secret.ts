import { inspect } from 'node:util';

const REDACTED = '[redacted]';

/**
 * Holds a signing secret so that it cannot reach a log line or an error by accident: printing,
 * interpolating or serialising it shows "[redacted]"; only `reveal()` gives the value, at the one
 * place that signs or verifies.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  /** The key material jose signs and verifies HS256 with. */
  keyBytes(): Uint8Array {
    return new TextEncoder().encode(this.#value);
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `Secret(${REDACTED})`;
  }
}
