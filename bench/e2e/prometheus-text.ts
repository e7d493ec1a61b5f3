/** Sum of every sample of one metric in Prometheus text format (all label sets), or undefined if it is absent. */
export function sumOfMetric(text: string, name: string): number | undefined {
  let sum: number | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    if (!(line.startsWith(`${name}{`) || line.startsWith(`${name} `))) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (Number.isFinite(value)) sum = (sum ?? 0) + value;
  }
  return sum;
}

/** Largest sample of one metric over its label sets. */
export function maxOfMetric(text: string, name: string): number | undefined {
  let max: number | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    if (!(line.startsWith(`${name}{`) || line.startsWith(`${name} `))) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (Number.isFinite(value)) max = Math.max(max ?? value, value);
  }
  return max;
}

/** Samples of one metric summed by the value of one label (`api="Produce"` → "Produce"); samples without the label are left out. */
export function sumByLabel(text: string, name: string, label: string): Map<string, number> {
  const sums = new Map<string, number>();
  const labelPattern = new RegExp(`[{,]${label}="((?:[^"\\\\]|\\\\.)*)"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const match = labelPattern.exec(line.slice(0, line.lastIndexOf('}') + 1));
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (match === null || !Number.isFinite(value)) continue;
    const key = match[1] as string;
    sums.set(key, (sums.get(key) ?? 0) + value);
  }
  return sums;
}
