import { Problem } from '../common/problem/problem';
import { confirm, ConfirmationState, recognize, RepairStage, startAttempt } from './repair-stages';
import { normaliseThemes } from './rupture-themes';

/** The problem code a move is refused with. */
function refusal(move: () => unknown): string {
  try {
    move();
  } catch (error) {
    expect(error).toBeInstanceOf(Problem);
    expect((error as Problem).httpStatus).toBe(409);
    return (error as Problem).code;
  }
  throw new Error('the move was allowed');
}

describe('repair stages', () => {
  describe('recognition', () => {
    it('moves a reported rupture to recognized, with a history row', () => {
      expect(recognize('reported', false)).toEqual({ stage: 'recognized', transition: { event: 'recognized', from: 'reported', to: 'recognized' } });
    });

    it.each<RepairStage>(['recognized', 'initiated'])('keeps a later recognition without moving the stage (%s)', (stage) => {
      expect(recognize(stage, false)).toEqual({ stage, transition: null });
    });

    it.each<RepairStage>(['recognized', 'initiated'])('refuses a second recognition by the same person (%s)', (stage) => {
      expect(refusal(() => recognize(stage, true))).toBe('already-recognized');
    });

    it('refuses any recognition of a completed rupture', () => {
      expect(refusal(() => recognize('completed', false))).toBe('rupture-completed');
      expect(refusal(() => recognize('completed', true))).toBe('rupture-completed');
    });
  });

  describe('repair attempts', () => {
    it('refuses an attempt before recognition: no skipping', () => {
      expect(refusal(() => startAttempt('reported', false))).toBe('rupture-not-recognized');
    });

    it('moves a recognized rupture to initiated', () => {
      expect(startAttempt('recognized', false)).toEqual({ stage: 'initiated', transition: { event: 'initiated', from: 'recognized', to: 'initiated' } });
    });

    it('lets a new attempt follow an incomplete one', () => {
      expect(startAttempt('initiated', false)).toEqual({ stage: 'initiated', transition: { event: 'initiated', from: 'initiated', to: 'initiated' } });
    });

    it('refuses a second open attempt', () => {
      expect(refusal(() => startAttempt('initiated', true))).toBe('repair-attempt-open');
    });

    it('refuses an attempt on a completed rupture', () => {
      expect(refusal(() => startAttempt('completed', false))).toBe('rupture-completed');
    });
  });

  describe('confirmations', () => {
    const open: ConfirmationState = { stage: 'initiated', attempt: 'open', alreadyConfirmedByCaller: false, otherPartnerFeelsRepaired: null };

    it('one partner’s "yes" is not completion', () => {
      expect(confirm(open, true)).toEqual({ stage: 'initiated', attempt: 'open', transition: null });
    });

    it('completes when the second partner also says yes on the same attempt', () => {
      expect(confirm({ ...open, otherPartnerFeelsRepaired: true }, true)).toEqual({
        stage: 'completed',
        attempt: 'completed',
        transition: { event: 'completed', from: 'initiated', to: 'completed' },
      });
    });

    it.each([null, true])('a "not yet" closes the attempt as incomplete and leaves the rupture open (other: %s)', (other) => {
      expect(confirm({ ...open, otherPartnerFeelsRepaired: other }, false)).toEqual({
        stage: 'initiated',
        attempt: 'incomplete',
        transition: { event: 'attempt_incomplete', from: 'initiated', to: 'initiated' },
      });
    });

    it('refuses a second answer by the same partner', () => {
      expect(refusal(() => confirm({ ...open, alreadyConfirmedByCaller: true }, true))).toBe('already-confirmed');
      expect(refusal(() => confirm({ ...open, alreadyConfirmedByCaller: true }, false))).toBe('already-confirmed');
    });

    it.each<ConfirmationState['attempt']>(['incomplete', 'completed'])('refuses an answer on a closed attempt (%s)', (attempt) => {
      expect(refusal(() => confirm({ ...open, stage: 'initiated', attempt }, true))).toBe('repair-attempt-closed');
    });

    it('refuses an answer on a completed rupture', () => {
      expect(refusal(() => confirm({ ...open, stage: 'completed', attempt: 'completed' }, true))).toBe('rupture-completed');
    });
  });
});

describe('rupture themes', () => {
  it('trims, case-folds, collapses inner space and removes duplicates', () => {
    expect(normaliseThemes([' Money ', 'money', 'IN-LAWS', 'house  \t chores', 'House Chores', '   '])).toEqual(['money', 'in-laws', 'house chores']);
  });

  it('folds compatibility forms so look-alikes are one theme', () => {
    expect(normaliseThemes(['ｍｏｎｅｙ', 'money'])).toEqual(['money']);
  });
});
