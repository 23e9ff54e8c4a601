import { createHash } from 'node:crypto';

/**
 * A 64-bit SimHash (Charikar; Manku et al., WWW 2007) of a text's words and word pairs, as 16 hex
 * digits. Reprints of one text, even with a changed headline word or a different link, land
 * within a few bits of each other; unrelated texts differ in about half of them.
 */
export function simhash(words: readonly string[]): string {
  const counts = new Int32Array(64);
  // Words and word pairs: pairs keep some order, words keep one edited word from moving
  // more than a few bits in a text as short as a headline and a summary.
  const shingles: string[] = [...words];
  for (let i = 0; i + 2 <= words.length; i++) shingles.push(`${words[i]} ${words[i + 1]}`);
  for (const s of shingles) {
    const digest = createHash('md5').update(s).digest();
    for (let bit = 0; bit < 64; bit++) counts[bit] += (digest[bit >> 3]! >> (bit & 7)) & 1 ? 1 : -1;
  }
  let hi = 0;
  let lo = 0;
  for (let bit = 0; bit < 32; bit++) {
    if (counts[bit] > 0) hi |= 1 << bit;
    if (counts[bit + 32] > 0) lo |= 1 << bit;
  }
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

/** The number of bits in which two SimHashes differ. */
export function hammingDistance(a: string, b: string): number {
  return (
    popcount(parseInt(a.slice(0, 8), 16) ^ parseInt(b.slice(0, 8), 16)) +
    popcount(parseInt(a.slice(8), 16) ^ parseInt(b.slice(8), 16))
  );
}

function popcount(x: number): number {
  let v = x >>> 0;
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
