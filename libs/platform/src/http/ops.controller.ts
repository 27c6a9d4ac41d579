import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Registry } from 'prom-client';
import type { Readiness } from '../health/readiness';
import { METRICS, READINESS } from './runtime';

/** Liveness, readiness and Prometheus metrics, the same on every service. */
@Controller()
export class OpsController {
  constructor(
    @Inject(READINESS) private readonly readiness: Readiness,
    @Inject(METRICS) private readonly metrics: Registry,
  ) {}

  @Get('healthz')
  healthz(): { status: string } {
    return { status: 'ok' };
  }

  @Get('readyz')
  readyz(@Res() reply: FastifyReply): void {
    const report = this.readiness.report();
    void reply.code(report.ready ? 200 : 503).send(report);
  }

  @Get('metrics')
  async scrape(@Res() reply: FastifyReply): Promise<void> {
    const body = await this.metrics.metrics();
    void reply.header('content-type', this.metrics.contentType).send(body);
  }
}
