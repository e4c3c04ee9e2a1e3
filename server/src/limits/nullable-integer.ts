import { Type } from 'typebox';

/**
 * An integer or null as one JSON-schema type list. An `anyOf` union would let
 * ajv's type coercion turn 0 into null (or null into 0), depending on order.
 */
export function nullableInteger(options: {
  minimum: number;
  maximum: number;
  description: string;
}) {
  return Type.Unsafe<number | null>({ type: ['integer', 'null'], ...options });
}
