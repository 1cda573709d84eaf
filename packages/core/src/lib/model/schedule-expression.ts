// EventBridge schedule expressions: `rate(5 minutes)` or AWS's 6-field `cron(min hour dom month dow year)`.

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
  /** Extra single-value forms allowed in this field (`?`, `L`, `W`, `#`). */
  readonly question?: boolean;
  readonly last?: boolean;
  readonly weekday?: boolean;
  readonly nth?: boolean;
}

const FIELDS: readonly CronField[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31, question: true, last: true, weekday: true },
  { name: 'month', min: 1, max: 12, names: MONTHS },
  { name: 'day-of-week', min: 1, max: 7, names: DAYS, question: true, last: true, nth: true },
  { name: 'year', min: 1970, max: 2199 },
];

/** Undefined when `expression` is a valid EventBridge schedule; otherwise what is wrong with it. */
export function scheduleExpressionProblem(expression: string): string | undefined {
  const rate = /^rate\((.*)\)$/.exec(expression);
  if (rate) return rateProblem(rate[1].trim());
  const cron = /^cron\((.*)\)$/.exec(expression);
  if (cron) return cronProblem(cron[1].trim());
  return `'${expression}' is neither rate(…) nor cron(…)`;
}

function rateProblem(body: string): string | undefined {
  const m = /^(\d+) (minute|minutes|hour|hours|day|days)$/.exec(body);
  if (!m) return `rate(${body}) must be 'rate(<positive integer> <minute(s)|hour(s)|day(s)>)'`;
  const value = Number(m[1]);
  if (value < 1) return `rate(${body}) must be at least 1`;
  const singular = !m[2].endsWith('s');
  if (value === 1 && !singular) return `rate(${body}) must use the singular unit for 1 (rate(1 ${m[2].slice(0, -1)}))`;
  if (value !== 1 && singular) return `rate(${body}) must use the plural unit (rate(${value} ${m[2]}s))`;
  return undefined;
}

function cronProblem(body: string): string | undefined {
  const parts = body.split(/\s+/).filter(Boolean);
  if (parts.length !== 6) return `cron(${body}) has ${parts.length} fields; AWS cron has 6: minutes hours day-of-month month day-of-week year`;
  for (let i = 0; i < 6; i++) {
    const problem = fieldProblem(parts[i], FIELDS[i]);
    if (problem) return `cron(${body}): ${FIELDS[i].name} '${parts[i]}' ${problem}`;
  }
  const [dom, dow] = [parts[2], parts[4]];
  if ((dom === '?') === (dow === '?')) return `cron(${body}): exactly one of day-of-month and day-of-week must be '?'`;
  return undefined;
}

function fieldProblem(text: string, f: CronField): string | undefined {
  if (text === '?') return f.question ? undefined : "may not be '?' (only day-of-month and day-of-week can)";
  if (f.last && text === 'L') return undefined;
  if (f.weekday && /^(\d{1,2})W$/.test(text)) return valueProblem(text.slice(0, -1), f);
  if (f.last && f.nth && /^\w+L$/.test(text)) return valueProblem(text.slice(0, -1), f);
  if (f.nth && text.includes('#')) {
    const [day, n] = text.split('#');
    if (!/^[1-5]$/.test(n)) return 'must have a week number 1-5 after #';
    return valueProblem(day, f);
  }
  for (const item of text.split(',')) {
    const [range, step] = item.split('/');
    if (item.split('/').length > 2) return 'has more than one /';
    if (step !== undefined && !/^\d+$/.test(step)) return `has a step '${step}' that is not a positive integer`;
    if (range === '*') continue;
    const bounds = range.split('-');
    if (bounds.length > 2) return `has an invalid range '${range}'`;
    for (const b of bounds) {
      const problem = valueProblem(b, f);
      if (problem) return problem;
    }
  }
  return undefined;
}

function valueProblem(value: string, f: CronField): string | undefined {
  if (f.names?.includes(value.toUpperCase())) return undefined;
  if (!/^\d+$/.test(value)) return `contains '${value}', expected ${f.min}-${f.max}${f.names ? ` or ${f.names[0]}-${f.names[f.names.length - 1]}` : ''}`;
  const n = Number(value);
  if (n < f.min || n > f.max) return `contains ${n}, outside ${f.min}-${f.max}`;
  return undefined;
}
