import type { BudgetEnforcerServer, QuotaDecision } from '@switchyard/contracts';
import type { Log } from '@switchyard/platform';

/**
 * Every subscriber (a router replica) first receives a snapshot of the current
 * decisions, then stays subscribed. With no budgets configured the snapshot
 * is empty and nothing follows.
 */
export function decisionStreamHandlers(currentDecisions: () => QuotaDecision[], log: Log): BudgetEnforcerServer {
  return {
    streamDecisions: (call) => {
      log.info({ subscriber: call.request.subscriberId }, 'router subscribed to quota decisions');
      call.write({ decisions: currentDecisions(), snapshot: true });
      call.on('cancelled', () => log.info({ subscriber: call.request.subscriberId }, 'router unsubscribed'));
    },
  };
}
