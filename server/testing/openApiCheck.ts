// A small validator for the OpenAPI 3.0 schema subset the RunSignup document uses ($ref, allOf, type, properties, required).
import { readFileSync } from 'node:fs';

type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
type JsonObject = { [key: string]: JsonValue };

const isObject = (value: JsonValue | undefined): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

export interface OpenApiDocument {
  root: JsonObject;
}

/** The RunSignup document, from this folder's copy so tests do not depend on files outside the repository. */
export function loadRunsignupDocument(): OpenApiDocument {
  const text = readFileSync(new URL('../fixtures/runsignup-window-counts.openapi.json', import.meta.url), 'utf8');
  const root = JSON.parse(text) as JsonValue;
  if (!isObject(root)) throw new Error('OpenAPI document is not an object');
  return { root };
}

function child(value: JsonValue | undefined, key: string): JsonValue | undefined {
  return isObject(value) ? value[key] : undefined;
}

function resolveRef(doc: OpenApiDocument, ref: string): JsonValue | undefined {
  if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, not ${ref}`);
  return ref
    .slice(2)
    .split('/')
    .reduce<JsonValue | undefined>((node, key) => child(node, key), doc.root);
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** Returns the problems found (empty when `value` fits `schema`); throws on schema features it does not know. */
export function validateSchema(doc: OpenApiDocument, schema: JsonValue | undefined, value: unknown, where = '$'): string[] {
  if (!isObject(schema)) throw new Error(`schema at ${where} is missing`);
  const known = new Set(['$ref', 'allOf', 'type', 'properties', 'required', 'description']);
  const unknownKeyword = Object.keys(schema).find((key) => !known.has(key));
  if (unknownKeyword) throw new Error(`schema keyword "${unknownKeyword}" is not supported by this checker`);

  const problems: string[] = [];
  const ref = schema.$ref;
  if (typeof ref === 'string') problems.push(...validateSchema(doc, resolveRef(doc, ref), value, where));
  const allOf = schema.allOf;
  if (Array.isArray(allOf)) for (const part of allOf) problems.push(...validateSchema(doc, part, value, where));

  const type = schema.type;
  const actual = typeOf(value);
  if (typeof type === 'string' && actual !== type && !(type === 'number' && actual === 'integer')) {
    problems.push(`${where} should be ${type}, is ${actual}`);
    return problems;
  }
  const record = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  const required = schema.required;
  if (Array.isArray(required) && record) {
    for (const name of required) if (typeof name === 'string' && !(name in record)) problems.push(`${where}.${name} is required`);
  }
  const properties = schema.properties;
  if (isObject(properties) && record) {
    for (const [name, propertySchema] of Object.entries(properties)) {
      if (name in record) problems.push(...validateSchema(doc, propertySchema, record[name], `${where}.${name}`));
    }
  }
  return problems;
}

const OPERATION_PATH = '/v2/tickets/checkin/get-ticket-window-checked-in-counts.json';

function operation(doc: OpenApiDocument): JsonValue | undefined {
  return child(child(child(doc.root, 'paths'), OPERATION_PATH), 'get');
}

/** The JSON schema the document gives for one status of the window-counts operation. */
export function responseSchema(doc: OpenApiDocument, status: number): JsonValue | undefined {
  return child(child(child(child(child(operation(doc), 'responses'), String(status)), 'content'), 'application/json'), 'schema');
}

export interface DocumentedParameter {
  name: string;
  in: string;
  required: boolean;
}

export function documentedParameters(doc: OpenApiDocument): DocumentedParameter[] {
  const list = child(operation(doc), 'parameters');
  if (!Array.isArray(list)) throw new Error('operation has no parameters list');
  return list.filter(isObject).map((parameter) => ({
    name: String(parameter.name),
    in: String(parameter.in),
    required: parameter.required === true,
  }));
}
