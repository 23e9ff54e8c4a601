import { hammingDistance, simhash } from '../../../shared/stories/simhash';

const words = (t: string) => t.toLowerCase().split(/\s+/);
const text =
  'Russian President Vladimir Putin received US envoy Steve Witkoff and Jared Kushner in the Kremlin on Tuesday; the talks on the US peace plan lasted about five hours';

describe('simhash', () => {
  it('is 16 hex digits and the same for the same text', () => {
    expect(simhash(words(text))).toMatch(/^[0-9a-f]{16}$/);
    expect(hammingDistance(simhash(words(text)), simhash(words(text)))).toBe(0);
  });

  it('puts a reprint with one word changed within a few bits and another report far away', () => {
    const reprint = simhash(words(text.replace('about five', 'nearly five')));
    expect(hammingDistance(simhash(words(text)), reprint)).toBeLessThan(10);
    const other = simhash(
      words('Kremlin aide Ushakov says no compromise has been found on the territorial question yet'),
    );
    expect(hammingDistance(simhash(words(text)), other)).toBeGreaterThan(20);
  });
});
