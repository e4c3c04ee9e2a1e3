import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';

// Fastify's defaults, except that coercion is off for bodies: a JSON body
// says its own types, so `{"title": 123}` is rejected instead of becoming
// "123". Query strings and path parameters are always text and keep
// coercion ('array' also turns a repeated parameter into a list).
const SHARED: Options = {
  useDefaults: true,
  removeAdditional: false,
  addUsedSchema: false,
  allErrors: false,
  strict: false,
};

function createAjv(coerceTypes: Options['coerceTypes']): Ajv {
  const ajv = new Ajv({ ...SHARED, coerceTypes });
  addFormats.default(ajv);
  return ajv;
}

/** Builds the validator compiler that Fastify uses for every route schema. */
export function createValidatorCompiler(): FastifySchemaCompiler<FastifySchema> {
  const bodies = createAjv(false);
  const text = createAjv('array');
  return ({ schema, httpPart }) => (httpPart === 'body' ? bodies : text).compile(schema);
}
