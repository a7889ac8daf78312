import { instrument, INSTRUMENTS, score } from './instruments';

const csi4 = instrument('csi-4', 1);
const csi16 = instrument('csi-16', 1);

/** Positions (0-based, in printed order) by item number. */
const answers = (positions: number[]) => Object.fromEntries(positions.map((p, i) => [String(i + 1), p]));

// The lowest and highest answer on the CSI-16 form, item by item, in printed order.
// Item 2 prints "All the time" first; pairs 11, 13, 14, 16 print the positive word first.
const CSI16_LOWEST = [0, 5, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 5, 5, 0, 5];
const CSI16_HIGHEST = [6, 0, 5, 5, 5, 5, 5, 5, 5, 5, 0, 5, 0, 0, 5, 0];

describe('CSI scoring (Funk & Rogge 2007)', () => {
  it('has the published shape: 4 items 0–21 cut at 13.5, 16 items 0–81 cut at 51.5, item 1 running 0–6', () => {
    expect(csi4.items).toHaveLength(4);
    expect(csi16.items).toHaveLength(16);
    expect([csi4.cutoff, csi16.cutoff]).toEqual([13.5, 51.5]);
    for (const i of INSTRUMENTS) {
      const max = i.items.reduce((sum, item) => sum + Math.max(...item.options.map((o) => o.score)), 0);
      expect(max).toBe(i.maxTotal);
      expect(i.items[0].options.map((o) => o.score)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    }
  });

  it('CSI-4: lowest 0 and highest 21', () => {
    expect(score(csi4, answers([0, 0, 0, 0]))).toEqual({ ok: true, total: 0, belowCutoff: true });
    expect(score(csi4, answers([6, 5, 5, 5]))).toEqual({ ok: true, total: 21, belowCutoff: false });
  });

  it('CSI-4 at the cutoff: 13 is below 13.5, 14 is not', () => {
    // Happy (3) + Mostly TRUE (3) + Somewhat (2) + Almost Completely (4) = 12; one step up on item 1 → 13, two → 14.
    expect(score(csi4, answers([3, 3, 2, 4]))).toEqual({ ok: true, total: 12, belowCutoff: true });
    expect(score(csi4, answers([4, 3, 2, 4]))).toEqual({ ok: true, total: 13, belowCutoff: true });
    expect(score(csi4, answers([5, 3, 2, 4]))).toEqual({ ok: true, total: 14, belowCutoff: false });
  });

  it('CSI-16: lowest 0 and highest 81, with the word pairs keyed by which word is printed first', () => {
    expect(score(csi16, answers(CSI16_LOWEST))).toEqual({ ok: true, total: 0, belowCutoff: true });
    expect(score(csi16, answers(CSI16_HIGHEST))).toEqual({ ok: true, total: 81, belowCutoff: false });
    // The first position of INTERESTING–BORING scores 5; the first of BAD–GOOD scores 0.
    expect(csi16.items[10].options[0].score).toBe(5);
    expect(csi16.items[11].options[0].score).toBe(0);
  });

  it('CSI-16 at the cutoff: 51 is below 51.5, 52 is not', () => {
    // Happy 3; Most of the time 4; items 3–10 at 3 each = 24; pairs at 4, 4, 3, 3, 4, 3 = 21 → 3 + 4 + 24 + 21 = 52.
    const at52 = [3, 1, 3, 3, 3, 3, 3, 3, 3, 3, 1, 4, 2, 2, 4, 2];
    expect(score(csi16, answers(at52))).toEqual({ ok: true, total: 52, belowCutoff: false });
    const at51 = [...at52];
    at51[0] = 2; // A Little Unhappy
    expect(score(csi16, answers(at51))).toEqual({ ok: true, total: 51, belowCutoff: true });
  });

  it('refuses a missing item, an answer out of range or not whole, and an extra item, naming each', () => {
    const result = score(csi4, { '1': 7, '2': 2.5, '4': 1, '5': 0 });
    expect(result).toEqual({
      ok: false,
      problems: [
        { field: 'answers.1', message: 'item 1 takes a whole number from 0 to 6' },
        { field: 'answers.2', message: 'item 2 takes a whole number from 0 to 5' },
        { field: 'answers.3', message: 'item 3 is not answered' },
        { field: 'answers.5', message: 'csi-4@1 has no item 5' },
      ],
    });
    expect(score(csi4, { '1': -1, '2': 0, '3': 0, '4': '3' })).toMatchObject({ ok: false, problems: [{ field: 'answers.1' }, { field: 'answers.4' }] });
  });
});
