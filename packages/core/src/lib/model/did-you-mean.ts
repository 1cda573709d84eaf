/** Edit distance used for "did you mean" suggestions on unknown names. */
export function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/**
 * The closest candidate to `input`, or undefined when nothing is close enough to be a plausible
 * typo (distance ≤ max(2, a third of the longer name)). Case differences count as half a typo.
 */
export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const score = c.toLowerCase() === input.toLowerCase() ? 0.5 : levenshtein(input.toLowerCase(), c.toLowerCase());
    if (score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(2, Math.floor(Math.max(input.length, best.length) / 3));
  return bestScore <= limit ? best : undefined;
}

/** `did you mean 'x'?` sentence or '' — for appending to hints. */
export function didYouMeanText(input: string, candidates: readonly string[]): string {
  const s = didYouMean(input, candidates);
  return s ? `Did you mean '${s}'? ` : '';
}
