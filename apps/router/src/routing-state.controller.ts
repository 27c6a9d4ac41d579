import { Controller, Get, Inject } from '@nestjs/common';
import type { DeploymentSnapshot, Routing } from '@switchyard/routing';

export const ROUTING = Symbol('switchyard.router.routing');

/** What this router instance knows about its deployments right now (operators and tests read it). */
@Controller('routing')
export class RoutingStateController {
  constructor(@Inject(ROUTING) private readonly routing: Routing) {}

  @Get('deployments')
  deployments(): { deployments: DeploymentSnapshot[]; shadowsInFlight: number } {
    return { deployments: this.routing.health.snapshot(), shadowsInFlight: this.routing.shadows.pending };
  }
}
