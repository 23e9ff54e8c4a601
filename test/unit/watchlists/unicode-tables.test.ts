import {
  computeTextTables,
  IGNORED,
  loadTextTables,
  packTextTables,
  unpackTextTables,
  WordClass,
} from '../../../shared/watchlists/unicode-tables';

const bytes = (table: Uint8Array | Uint16Array) =>
  Buffer.from(table.buffer, table.byteOffset, table.byteLength);

describe("the matcher's Unicode tables", () => {
  const computed = computeTextTables();
  const packed = packTextTables(computed);

  it('survive packing: a Lambda bundle matches exactly as the CLI does', () => {
    const unpacked = unpackTextTables(packed);
    expect(bytes(unpacked.fold).equals(bytes(computed.fold))).toBe(true);
    expect(bytes(unpacked.strip).equals(bytes(computed.strip))).toBe(true);
    expect(bytes(unpacked.wordClass).equals(bytes(computed.wordClass))).toBe(true);
    expect(bytes(unpacked.nfcUnsafe).equals(bytes(computed.nfcUnsafe))).toBe(true);
    // Small enough for one esbuild command-line argument (Linux: 128 KiB).
    expect(packed.length).toBeLessThan(40_000);
  });

  it('fold, classify and flag the characters news text needs', () => {
    const fold = (ch: string) => String.fromCharCode(computed.fold[ch.charCodeAt(0)]!);
    expect(['Ж', 'Ё', 'Σ', 'ς', 'İ', '’', 'É'].map(fold)).toEqual(['ж', 'е', 'σ', 'σ', 'i', "'", 'é']);
    const strip = (ch: string) => String.fromCharCode(computed.strip[ch.charCodeAt(0)]!);
    expect(['É', 'ł', 'Ó', 'ç', 'ä', 'Ż', 'ø', 'ß', 'й', 'ї', 'Ж'].map(strip)).toEqual([
      'e',
      'l',
      'o',
      'c',
      'a',
      'z',
      'o',
      'ß',
      'й',
      'ї',
      'ж',
    ]);
    expect(computed.strip[0x0301]).toBe(IGNORED);
    const cls = (ch: string) => computed.wordClass[ch.charCodeAt(0)];
    expect([cls('Z'), cls('ї'), cls('٣'), cls('和'), cls('ก'), cls(' '), cls(',')]).toEqual([
      WordClass.Word,
      WordClass.Word,
      WordClass.Word,
      WordClass.Unspaced,
      WordClass.Unspaced,
      WordClass.Separator,
      WordClass.Separator,
    ]);
    expect([
      computed.nfcUnsafe[0x0301],
      computed.nfcUnsafe[0x212b],
      computed.nfcUnsafe['a'.charCodeAt(0)],
    ]).toEqual([1, 1, 0]);
  });

  it('are read from the packed form the build bakes in, when there is one', () => {
    const tweaked = unpackTextTables(packed);
    tweaked.fold['A'.charCodeAt(0)] = 'b'.charCodeAt(0);
    const before = process.env.NEWSALERT_TEXT_TABLES;
    process.env.NEWSALERT_TEXT_TABLES = packTextTables(tweaked);
    try {
      expect(loadTextTables().fold['A'.charCodeAt(0)]).toBe('b'.charCodeAt(0));
    } finally {
      if (before === undefined) delete process.env.NEWSALERT_TEXT_TABLES;
      else process.env.NEWSALERT_TEXT_TABLES = before;
    }
    expect(loadTextTables().fold['A'.charCodeAt(0)]).toBe('a'.charCodeAt(0));
  });

  it('refuse a packed form that does not cover the BMP, naming the problem', () => {
    expect(() =>
      unpackTextTables(
        JSON.stringify({ fold: [10, 0], strip: [65536, 0], wordClass: [65536, 0], nfcUnsafe: [65536, 0] }),
      ),
    ).toThrow('text tables: the packed runs cover 10 code units, not 65536');
  });
});
