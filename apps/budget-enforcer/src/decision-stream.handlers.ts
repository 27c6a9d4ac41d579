import type { BudgetEnforcerServer } from '@switchyard/contracts';
import type { BudgetEngine } from '@switchyard/budgets';
import type { DecisionHub } from './decision-hub';

/**
 * StreamDecisions: every router replica gets a snapshot of the current
 * decisions and its grants, then each change. ListCounters: the counters of
 * the open windows (internal network only, like the stream).
 */
export function decisionStreamHandlers(hub: DecisionHub, engine: BudgetEngine): BudgetEnforcerServer {
  return {
    streamDecisions: (call) => hub.subscribe(call),
    listCounters: (call, callback) => {
      callback(null, { counters: engine.snapshotCounters(Date.now(), call.request.tenantId), eventsCounted: engine.eventsCounted });
    },
  };
}
