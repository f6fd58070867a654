import type { Variables } from '../port';

/** A variable on the engine's REST API: a value with its engine type. */
export interface TypedValue {
  value: unknown;
  type: string;
  valueInfo?: Record<string, unknown>;
}

const INT_MAX = 2 ** 31 - 1;

/**
 * Our values as engine variables. Objects and lists travel as JSON text in a String variable:
 * the engine's Json type needs the Spin data format, which the registry here does not serve for
 * Operaton 1.0.3 (see engine/pom.xml), and workers decode them with `jsonText` (zod) anyway.
 */
export function toTyped(variables: Variables): Record<string, TypedValue> {
  const typed: Record<string, TypedValue> = {};
  for (const [name, value] of Object.entries(variables)) {
    if (value === null || value === undefined) typed[name] = { value: null, type: 'Null' };
    else if (typeof value === 'string') typed[name] = { value, type: 'String' };
    else if (typeof value === 'boolean') typed[name] = { value, type: 'Boolean' };
    else if (typeof value === 'number')
      typed[name] = Number.isInteger(value)
        ? { value, type: Math.abs(value) <= INT_MAX ? 'Integer' : 'Long' }
        : { value, type: 'Double' };
    else typed[name] = { value: JSON.stringify(value), type: 'String' };
  }
  return typed;
}

/** Engine variables as plain values (dates as ISO text, as the engine writes them). */
export function fromTyped(variables: Record<string, TypedValue> | undefined): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  for (const [name, typed] of Object.entries(variables ?? {})) plain[name] = typed.value;
  return plain;
}
