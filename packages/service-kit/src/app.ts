import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Logger } from 'pino';
import { uuidv7 } from '@linkage/messaging';
import { loggerOptions } from './logging.ts';
import { frameworkErrorProblem } from './errors.ts';
import { rejectControlCharacters } from './security.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function ajv(coerce: boolean): Ajv {
  // Bodies are strict: a wrong type is a 400, not silently coerced; unknown fields are
  // rejected where the schema says additionalProperties: false (never silently dropped).
  const a = new Ajv({
    coerceTypes: coerce ? 'array' : false,
    useDefaults: true,
    removeAdditional: false,
    allErrors: true,
    strict: false,
  });
  addFormats(a);
  return a;
}

export interface ServiceAppOptions {
  service: string;
  logLevel: string;
  /** A ready pino instance (tests pass a silent one). */
  logger?: Logger;
}

/** A Fastify instance with Linkage's logging, request ids, validation and TypeBox typing. */
export function createServiceApp(o: ServiceAppOptions) {
  const bodyAjv = ajv(false);
  const paramAjv = ajv(true);
  const options: FastifyServerOptions = {
    ...(o.logger ? { loggerInstance: o.logger } : { logger: loggerOptions(o.service, o.logLevel) }),
    // A caller's x-correlation-id (a UUID) follows the request into its events; else a new one.
    genReqId: (req) => {
      const h = req.headers['x-correlation-id'];
      return typeof h === 'string' && UUID.test(h) ? h : uuidv7();
    },
    requestIdHeader: false,
    bodyLimit: 256 * 1024,
    // The platform plugin applies migrations; with five services starting at once on a busy
    // 2-core machine that can take longer than Fastify's 10 s default, which kills the process.
    pluginTimeout: 60_000,
    // An over-long path parameter (414) or an undecodable URL (400): Problem Details, after authentication.
    frameworkErrors: (err, req, reply) => void frameworkErrorProblem(err, req, reply),
  };
  const app = Fastify(options).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? bodyAjv : paramAjv).compile(schema));
  // Control characters in any string of the body, query or path: 400 before schema validation.
  app.addHook('preValidation', rejectControlCharacters);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-correlation-id', req.id);
  });
  return app;
}

export type ServiceApp = ReturnType<typeof createServiceApp>;
export type { FastifyInstance };
