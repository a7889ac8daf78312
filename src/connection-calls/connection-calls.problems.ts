import { declareProblems } from '../common/problem/problem-codes';

/** The problem codes of connection-calls; docs/problems.md lists them. */
export const CALL_PROBLEMS = declareProblems('connection-calls', {
  'slot-taken': { status: 409, meaning: 'the connection-call time is no longer available (someone booked it first)' },
  'too-many-open-bookings': { status: 409, meaning: 'this email already holds `BOOKING_MAX_OPEN_PER_EMAIL` upcoming connection calls' },
  'already-cancelled': { status: 409, meaning: 'the connection call was already cancelled' },
  'call-cancelled': { status: 409, meaning: 'the connection call was cancelled; it can no longer change' },
  'call-finished': { status: 409, meaning: 'the connection call is over' },
  'call-started': { status: 409, meaning: 'the connection call has started; it can no longer be moved or cancelled' },
  'call-not-started': { status: 409, meaning: 'the connection call has not started yet' },
  'already-converted': { status: 409, meaning: 'the connection call already became a client record' },
  'slot-not-offered': { status: 422, meaning: 'the time is not an offered slot of the therapist' },
  'outside-ontario': { status: 422, meaning: 'connection calls are for people in Ontario' },
});
