import { All, Controller, Inject, Req, Res } from '@nestjs/common';
import type { AdminApi } from '@switchyard/admin';
import { readQueryParams } from '@switchyard/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const ADMIN_API = Symbol('ingress.admin-api');

const PREFIX = '/admin/v1';

/** /admin/v1/*: a thin shell; routing, auth, RBAC and validation live in @switchyard/admin. */
@Controller('admin/v1')
export class AdminController {
  constructor(@Inject(ADMIN_API) private readonly api: AdminApi) {}

  @All('*')
  async handle(@Req() req: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const path = (req.url.split('?')[0] ?? '').slice(PREFIX.length);
    // A repeated parameter is refused here as on every API; routes declare the parameters they read.
    const query = readQueryParams(req.query);
    const result = await this.api.handle({
      query,
      method: req.method,
      path,
      authorization: req.headers.authorization,
      body: req.body,
      sourceIp: req.ip,
      requestId: req.id,
    });
    void reply.code(result.status).header('cache-control', 'no-store').send(result.body);
  }
}
