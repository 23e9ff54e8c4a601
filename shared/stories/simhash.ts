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
    const hi = hash32(s, 0x811c9dc5);
    const lo = hash32(s, 0x01000193);
    for (let bit = 0; bit < 32; bit++) {
      counts[bit] += (hi >>> bit) & 1 ? 1 : -1;
      counts[bit + 32] += (lo >>> bit) & 1 ? 1 : -1;
    }
  }
  let hi = 0;
  let lo = 0;
  for (let bit = 0; bit < 32; bit++) {
    if (counts[bit] > 0) hi |= 1 << bit;
    if (counts[bit + 32] > 0) lo |= 1 << bit;
  }
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

/**
 * FNV-1a over UTF-16 code units, finished with MurmurHash3's mixer so every input bit
 * reaches every output bit: a cryptographic hash per word pair cost ten times as much.
 */
function hash32(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
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
