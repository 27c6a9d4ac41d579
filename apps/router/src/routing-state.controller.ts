import { Controller, Get, Inject, Req } from '@nestjs/common';
import { requireOperatorToken, SETTINGS } from '@switchyard/platform';
import type { FastifyRequest } from 'fastify';
import type { DeploymentSnapshot, Routing } from '@switchyard/routing';
import type { RouterSettings } from './settings';

export const ROUTING = Symbol('switchyard.router.routing');

/** What this router instance knows about its deployments right now (operators and tests read it, with the operator token). */
@Controller('routing')
export class RoutingStateController {
  constructor(
    @Inject(ROUTING) private readonly routing: Routing,
    @Inject(SETTINGS) private readonly settings: RouterSettings,
  ) {}

  @Get('deployments')
  deployments(@Req() req: FastifyRequest): { deployments: DeploymentSnapshot[]; shadowsInFlight: number } {
    requireOperatorToken(req.headers.authorization, this.settings.operatorToken, 'Routing state');
    return { deployments: this.routing.health.snapshot(), shadowsInFlight: this.routing.shadows.pending };
  }
}
