import { NxstackError } from '../errors';

/**
 * Thrown when stack.yml has problems: carries the first problem's code/location/hint (so it
 * reads like any NxstackError) and every problem in `problems`, each with its own location.
 */
export class StackLoadError extends NxstackError {
  readonly problems: readonly NxstackError[];

  constructor(problems: readonly NxstackError[]) {
    const first = problems[0];
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    super(first.code, `${first.message}${more}`, { location: first.location, hint: first.hint });
    this.problems = problems;
  }

  /** Every problem, one paragraph each. */
  override format(): string {
    if (this.problems.length === 1) return this.problems[0].format();
    return [`${this.problems.length} problems in ${this.location?.file ?? 'stack.yml'}:`, ...this.problems.map((p) => p.format())].join('\n');
  }
}
