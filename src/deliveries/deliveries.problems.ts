import { declareProblems } from '../common/problem/problem-codes';

/** The problem codes of deliveries; docs/problems.md lists them. */
export const DELIVERY_PROBLEMS = declareProblems('deliveries', {
  'delivery-not-failed': { status: 409, meaning: 'only a delivery that gave up (a dead letter) can be retried; this one is pending, delivered or withdrawn' },
  'delivery-link-removed': { status: 409, meaning: 'the email carried a private link, removed from the stored message when it gave up: it cannot be sent again; the person needs a new link' },
  'delivery-webhook-deleted': { status: 409, meaning: 'the webhook the call was for has been deleted' },
});
