import type { FastifyBodyParser } from 'fastify';

/**
 * The JSON body parser of every service: fastify's own (prototype-poisoning
 * safe), except that an empty body is no body. Clients (and curl -H
 * 'content-type: application/json') send that header on POSTs that need no
 * body, such as a key revoke; routes that need a body refuse the missing one
 * with their own validation error.
 */
export function jsonBodyParser(defaultJsonParser: FastifyBodyParser<string>): FastifyBodyParser<Buffer> {
  return (request, body, done) => {
    if (body.length === 0) {
      done(null, undefined);
      return;
    }
    // fastify's parser answers through done; its typing also allows a promise, which it never returns.
    void defaultJsonParser(request, body.toString('utf8'), done);
  };
}
