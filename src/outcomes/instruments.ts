/**
 * The Couples Satisfaction Index (CSI), Funk & Rogge (2007): "Testing the ruler with item response
 * theory: Increasing precision of measurement for relationship satisfaction with the Couples
 * Satisfaction Index", Journal of Family Psychology 21(4), 572–583, doi:10.1037/0893-3200.21.4.572.
 * Free for clinical and research use. Item wording, anchors and the scoring key are the authors'
 * CSI-16 form; the CSI-4 is its four items named in docs/outcomes.md (which also lists the sources).
 *
 * An instrument is versioned (`csi-4@1`): a stored response keeps the version it was answered on,
 * and a change of wording or scoring is a new version beside the old one, never an edit of it.
 *
 * An answer is the position of the chosen option in the order the form prints it (0 = first);
 * the server turns it into the item's score with the key below. That is where the semantic-differential
 * pairs are reverse-keyed: INTERESTING–BORING scores 5 at the first position, BAD–GOOD scores 0 there.
 */

export interface InstrumentOption {
  label: string;
  score: number;
}

export interface InstrumentItem {
  /** The item's number on this instrument's form, from 1. */
  number: number;
  text: string;
  options: readonly InstrumentOption[];
}

export interface Instrument {
  /** `csi-4`, `csi-16`. */
  code: InstrumentCode;
  version: number;
  title: string;
  instructions: string;
  items: readonly InstrumentItem[];
  /** Totals below this suggest notable relationship dissatisfaction. */
  cutoff: number;
  minTotal: number;
  maxTotal: number;
}

export const INSTRUMENT_CODES = ['csi-4', 'csi-16'] as const;
export type InstrumentCode = (typeof INSTRUMENT_CODES)[number];

const scored = (labels: string[], scores: number[]): InstrumentOption[] => labels.map((label, i) => ({ label, score: scores[i] }));
const up = [0, 1, 2, 3, 4, 5];
const down = [5, 4, 3, 2, 1, 0];

const HAPPINESS = scored(['Extremely Unhappy', 'Fairly Unhappy', 'A Little Unhappy', 'Happy', 'Very Happy', 'Extremely Happy', 'Perfect'], [0, 1, 2, 3, 4, 5, 6]);
const HOW_OFTEN = scored(['All the time', 'Most of the time', 'More often than not', 'Occasionally', 'Rarely', 'Never'], down);
const HOW_TRUE = scored(['Not at all TRUE', 'A little TRUE', 'Somewhat TRUE', 'Mostly TRUE', 'Almost Completely TRUE', 'Completely TRUE'], up);
const HOW_MUCH = scored(['Not at all', 'A little', 'Somewhat', 'Mostly', 'Almost Completely', 'Completely'], up);
/** A semantic-differential pair: six unlabelled positions from the first word to the second. */
const pair = (first: string, second: string, firstIsPositive: boolean): InstrumentOption[] =>
  (firstIsPositive ? down : up).map((score, i) => ({ label: i === 0 ? first : i === 5 ? second : String(i + 1), score }));

const ITEM = {
  happiness: { text: 'Please indicate the degree of happiness, all things considered, of your relationship.', options: HAPPINESS },
  goingWell: { text: 'In general, how often do you think that things between you and your partner are going well?', options: HOW_OFTEN },
  strong: { text: 'Our relationship is strong', options: HOW_TRUE },
  makesHappy: { text: 'My relationship with my partner makes me happy', options: HOW_TRUE },
  warm: { text: 'I have a warm and comfortable relationship with my partner', options: HOW_TRUE },
  team: { text: 'I really feel like part of a team with my partner', options: HOW_TRUE },
  rewarding: { text: 'How rewarding is your relationship with your partner?', options: HOW_MUCH },
  needs: { text: 'How well does your partner meet your needs?', options: HOW_MUCH },
  expectations: { text: 'To what extent has your relationship met your original expectations?', options: HOW_MUCH },
  satisfied: { text: 'In general, how satisfied are you with your relationship?', options: HOW_MUCH },
  interesting: { text: 'INTERESTING — BORING', options: pair('INTERESTING', 'BORING', true) },
  good: { text: 'BAD — GOOD', options: pair('BAD', 'GOOD', false) },
  full: { text: 'FULL — EMPTY', options: pair('FULL', 'EMPTY', true) },
  sturdy: { text: 'STURDY — FRAGILE', options: pair('STURDY', 'FRAGILE', true) },
  hopeful: { text: 'DISCOURAGING — HOPEFUL', options: pair('DISCOURAGING', 'HOPEFUL', false) },
  enjoyable: { text: 'ENJOYABLE — MISERABLE', options: pair('ENJOYABLE', 'MISERABLE', true) },
} satisfies Record<string, Omit<InstrumentItem, 'number'>>;

const numbered = (items: Omit<InstrumentItem, 'number'>[]): InstrumentItem[] => items.map((item, i) => ({ number: i + 1, ...item }));

const INSTRUCTIONS =
  'Answer for yourself, about your own relationship, without your partner. For the word pairs, select the answer that best describes how you feel about your relationship; base your responses on your first impressions and immediate feelings about the item.';

const CSI_16_V1: Instrument = {
  code: 'csi-16',
  version: 1,
  title: 'Couples Satisfaction Index (CSI-16)',
  instructions: INSTRUCTIONS,
  items: numbered([
    ITEM.happiness, ITEM.goingWell, ITEM.strong, ITEM.makesHappy, ITEM.warm, ITEM.team, ITEM.rewarding, ITEM.needs,
    ITEM.expectations, ITEM.satisfied, ITEM.interesting, ITEM.good, ITEM.full, ITEM.sturdy, ITEM.hopeful, ITEM.enjoyable,
  ]),
  cutoff: 51.5,
  minTotal: 0,
  maxTotal: 81,
};

const CSI_4_V1: Instrument = {
  code: 'csi-4',
  version: 1,
  title: 'Couples Satisfaction Index (CSI-4)',
  instructions: 'Answer for yourself, about your own relationship, without your partner.',
  items: numbered([ITEM.happiness, ITEM.warm, ITEM.rewarding, ITEM.satisfied]),
  cutoff: 13.5,
  minTotal: 0,
  maxTotal: 21,
};

/** Every version of every instrument; the last of each code is the one new assignments use. */
export const INSTRUMENTS: readonly Instrument[] = [CSI_4_V1, CSI_16_V1];

export function instrument(code: InstrumentCode, version?: number): Instrument {
  const versions = INSTRUMENTS.filter((i) => i.code === code);
  const found = version === undefined ? versions[versions.length - 1] : versions.find((i) => i.version === version);
  if (!found) throw new Error(`no instrument ${code}@${version}`);
  return found;
}

/** `csi-4@1`. */
export const instrumentRef = (i: Pick<Instrument, 'code' | 'version'>) => `${i.code}@${i.version}`;

export interface ItemProblem {
  field: string;
  message: string;
}

export type Scoring = { ok: true; total: number; belowCutoff: boolean } | { ok: false; problems: ItemProblem[] };

/**
 * Scores answers (item number → position of the chosen option) on an instrument. Every item must be
 * answered once with a whole position in its range, and nothing else; each fault names its item.
 */
export function score(on: Instrument, answers: Record<string, unknown>): Scoring {
  const problems: ItemProblem[] = [];
  let total = 0;
  for (const item of on.items) {
    const field = `answers.${item.number}`;
    const answer = answers[String(item.number)];
    if (answer === undefined || answer === null) {
      problems.push({ field, message: `item ${item.number} is not answered` });
    } else if (typeof answer !== 'number' || !Number.isInteger(answer) || answer < 0 || answer >= item.options.length) {
      problems.push({ field, message: `item ${item.number} takes a whole number from 0 to ${item.options.length - 1}` });
    } else {
      total += item.options[answer].score;
    }
  }
  const known = new Set(on.items.map((i) => String(i.number)));
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) problems.push({ field: `answers.${key}`, message: `${instrumentRef(on)} has no item ${key}` });
  }
  return problems.length ? { ok: false, problems } : { ok: true, total, belowCutoff: total < on.cutoff };
}
