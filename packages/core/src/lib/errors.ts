/**
 * Every user-facing failure in nxstack is an NxstackError: a stable code that docs and
 * scripts can match on, where it came from (stack.yml file:line:column when known) and a hint
 * that says what to do next.
 */
export interface SourceLocation {
  /** Path of the file the problem is in, as given to the loader (usually workspace-relative). */
  readonly file: string;
  /** 1-based line. */
  readonly line?: number;
  /** 1-based column. */
  readonly column?: number;
}

export interface NxstackErrorOptions {
  readonly location?: SourceLocation;
  readonly hint?: string;
  readonly cause?: unknown;
}

export class NxstackError extends Error {
  readonly code: string;
  readonly location?: SourceLocation;
  readonly hint?: string;

  constructor(code: string, message: string, options: NxstackErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'NxstackError';
    this.code = code;
    this.location = options.location;
    this.hint = options.hint;
  }

  /** `file:line:column` or just `file`, or undefined when the error has no location. */
  get where(): string | undefined {
    const l = this.location;
    if (!l) return undefined;
    return [l.file, l.line, l.column].filter((p) => p !== undefined).join(':');
  }

  /** The one-paragraph form printed to users: `CODE file:line:col message\n  hint: ...`. */
  format(): string {
    const head = `${this.code}${this.where ? ` ${this.where}` : ''} ${this.message}`;
    return this.hint ? `${head}\n  hint: ${this.hint}` : head;
  }

  override toString(): string {
    return this.format();
  }
}

export function isNxstackError(e: unknown): e is NxstackError {
  return e instanceof Error && (e as { name?: string }).name === 'NxstackError' && typeof (e as NxstackError).code === 'string';
}
