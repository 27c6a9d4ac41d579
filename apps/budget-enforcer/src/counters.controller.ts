import { Controller, Get, Inject, Query, Req } from '@nestjs/common';
import type { CounterList } from '@switchyard/contracts';
import { BudgetEngine } from '@switchyard/budgets';
import { readQueryParams, requireOperatorToken, SETTINGS } from '@switchyard/platform';
import type { FastifyRequest } from 'fastify';
import { AlertStore } from './alert-store';
import type { BudgetEnforcerSettings } from './settings';
import { DecisionHub } from './decision-hub';

/** GET /v1/budgets/counters and /v1/budgets/alerts for operators (Bearer operator token). */
@Controller('v1/budgets')
export class CountersController {
  private readonly operatorToken: string;

  constructor(
    private readonly engine: BudgetEngine,
    private readonly alertStore: AlertStore,
    private readonly hub: DecisionHub,
    @Inject(SETTINGS) settings: BudgetEnforcerSettings,
  ) {
    this.operatorToken = settings.operatorToken;
  }

  @Get('counters')
  counters(@Req() req: FastifyRequest, @Query() query: unknown): unknown {
    this.authorize(req);
    const tenantId = readQueryParams(query)['tenant_id'];
    const list: CounterList = {
      counters: this.engine.snapshotCounters(Date.now(), tenantId ?? ''),
      eventsCounted: this.engine.eventsCounted,
    };
    return { object: 'budget_counters', rebuilt: this.hub.isReady(), ...list };
  }

  @Get('alerts')
  alerts(@Req() req: FastifyRequest, @Query() query: unknown): unknown {
    this.authorize(req);
    const tenantId = readQueryParams(query)['tenant_id'];
    const records = this.alertStore.all().filter((r) => !tenantId || r.scope?.tenantId === tenantId);
    return { object: 'budget_alerts', data: records.sort((a, b) => a.alertId.localeCompare(b.alertId)) };
  }

  private authorize(req: FastifyRequest): void {
    requireOperatorToken(req.headers.authorization, this.operatorToken, 'Budget counters and alerts');
  }
}
