/**
 * Reading the live OpenAPI document (/api/docs-json) in tests: the operation a request goes to,
 * the schema of an answer, and whether a body is what the schema says (no undocumented field,
 * no required field missing, types, enums and nulls as documented, nested objects and arrays too).
 */

export interface Schema {
  type?: string;
  format?: string;
  $ref?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  required?: string[];
  nullable?: boolean;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}

export interface ResponseObject {
  description?: string;
  content?: Record<string, { schema?: Schema }>;
}

export interface OperationObject {
  operationId?: string;
  parameters?: { name: string; in: string; required?: boolean; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses: Record<string, ResponseObject>;
  security?: unknown[];
  tags?: string[];
  [extension: `x-${string}`]: unknown;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, OperationObject>>;
  components: { schemas: Record<string, Schema> };
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Every operation of the document, with its method and path template. */
export function operations(doc: OpenApiDocument): { method: string; path: string; op: OperationObject }[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((m) => item[m]).map((method) => ({ method, path, op: item[method] })),
  );
}

/** The schema a $ref names (the schema itself when it is no reference). */
export function deref(doc: OpenApiDocument, schema: Schema): Schema {
  let s = schema;
  for (let i = 0; s.$ref && i < 20; i++) {
    const name = s.$ref.replace('#/components/schemas/', '');
    const target = doc.components.schemas[name];
    if (!target) throw new Error(`unknown schema ${s.$ref}`);
    s = target;
  }
  return s;
}

/** allOf flattened into one schema (properties and required lists merged). */
function flatten(doc: OpenApiDocument, schema: Schema): Schema {
  const s = deref(doc, schema);
  if (!s.allOf) return s;
  const parts = s.allOf.map((p) => flatten(doc, p));
  const merged: Schema = { ...s, allOf: undefined };
  for (const p of parts) {
    merged.type ??= p.type;
    if (p.properties) merged.properties = { ...(merged.properties ?? {}), ...p.properties };
    if (p.required) merged.required = [...(merged.required ?? []), ...p.required];
    if (p.items) merged.items = p.items;
    if (p.enum) merged.enum = p.enum;
    if (p.additionalProperties !== undefined) merged.additionalProperties = p.additionalProperties;
    if (p.format) merged.format = p.format;
  }
  return merged;
}

/** True when the schema says nothing of its value: an object without properties or additionalProperties, or no type at all. */
export function isEmptySchema(doc: OpenApiDocument, schema: Schema): boolean {
  const s = flatten(doc, schema);
  if (s.oneOf || s.anyOf) return (s.oneOf ?? s.anyOf)!.every((x) => isEmptySchema(doc, x));
  if (s.enum) return false;
  if (s.type === 'array') return !s.items || isEmptySchema(doc, s.items);
  if (s.type === 'object' || s.type === undefined) {
    const props = Object.keys(s.properties ?? {});
    return props.length === 0 && (s.additionalProperties === undefined || s.additionalProperties === false);
  }
  return false;
}

/**
 * Every place inside a schema (following references, each named schema once) where a value is
 * not described: `where` names the path, e.g. `AllocationView.units[].name`.
 */
export function emptySchemasWithin(doc: OpenApiDocument, schema: Schema, where: string, seen = new Set<string>()): string[] {
  if (schema.$ref) {
    if (seen.has(schema.$ref)) return [];
    seen.add(schema.$ref);
    return emptySchemasWithin(doc, deref(doc, schema), schema.$ref.replace('#/components/schemas/', ''), seen);
  }
  if (isEmptySchema(doc, schema)) return [where];
  const s = flatten(doc, schema);
  const out: string[] = [];
  for (const part of s.oneOf ?? s.anyOf ?? []) out.push(...emptySchemasWithin(doc, part, where, seen));
  if (s.allOf) for (const part of s.allOf) out.push(...emptySchemasWithin(doc, part, where, seen));
  if (s.type === 'array' && s.items) out.push(...emptySchemasWithin(doc, s.items, `${where}[]`, seen));
  for (const [k, v] of Object.entries(s.properties ?? {})) out.push(...emptySchemasWithin(doc, v, `${where}.${k}`, seen));
  if (typeof s.additionalProperties === 'object') out.push(...emptySchemasWithin(doc, s.additionalProperties, `${where}{}`, seen));
  return out;
}

/** Whether `value` is what `schema` describes; each problem names where (`body.units[0].name`) and what. */
export function bodyProblems(doc: OpenApiDocument, schema: Schema, value: unknown, at = 'body'): string[] {
  if (value === null && (schema.nullable || deref(doc, schema).nullable)) return [];
  const s = flatten(doc, schema);
  if (value === null) return [`${at}: null, but the schema is not nullable`];
  if (s.oneOf || s.anyOf) {
    const branches = (s.oneOf ?? s.anyOf)!.map((b) => bodyProblems(doc, b, value, at));
    return branches.some((b) => b.length === 0) ? [] : [`${at}: matches none of the alternatives (${branches.map((b) => b[0]).join(' | ')})`];
  }
  if (s.enum && !s.enum.includes(value)) return [`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`];
  const type = s.type ?? (s.properties ? 'object' : undefined);
  switch (type) {
    case 'string':
      return typeof value === 'string' ? [] : [`${at}: ${typeof value}, documented string`];
    case 'number':
      return typeof value === 'number' ? [] : [`${at}: ${typeof value}, documented number`];
    case 'integer':
      return Number.isInteger(value) ? [] : [`${at}: ${JSON.stringify(value)}, documented integer`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: ${typeof value}, documented boolean`];
    case 'array':
      if (!Array.isArray(value)) return [`${at}: ${typeof value}, documented array`];
      return s.items ? value.flatMap((v, i) => bodyProblems(doc, s.items!, v, `${at}[${i}]`)) : [];
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: ${Array.isArray(value) ? 'array' : typeof value}, documented object`];
      const out: string[] = [];
      const props = s.properties ?? {};
      const record = value as Record<string, unknown>;
      for (const name of s.required ?? []) if (!(name in record)) out.push(`${at}.${name}: documented as required, missing`);
      for (const [k, v] of Object.entries(record)) {
        if (props[k]) out.push(...bodyProblems(doc, props[k], v, `${at}.${k}`));
        else if (typeof s.additionalProperties === 'object') out.push(...bodyProblems(doc, s.additionalProperties, v, `${at}.${k}`));
        else if (s.additionalProperties !== true) out.push(`${at}.${k}: not documented`);
      }
      return out;
    }
    default:
      return [`${at}: the schema describes nothing (${JSON.stringify(s)})`];
  }
}

/** The operation a request goes to: the path template that matches, the most specific one first. */
export function operationFor(doc: OpenApiDocument, method: string, url: string): { path: string; op: OperationObject } | null {
  const path = url.split('?')[0];
  const candidates = Object.entries(doc.paths)
    .filter(([template, item]) => item[method.toLowerCase()] && new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path))
    .sort(([a], [b]) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0));
  if (!candidates.length) return null;
  const [template, item] = candidates[0];
  return { path: template, op: item[method.toLowerCase()] };
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  text?: string;
}

/**
 * What is wrong with an answer to `method url`, measured against the document: an undocumented
 * status, a body that is not its schema, a download of another content type. Empty: conformant.
 */
export function answerProblems(doc: OpenApiDocument, method: string, url: string, res: Answer): string[] {
  const found = operationFor(doc, method, url);
  if (!found) return [`${method.toUpperCase()} ${url}: no operation of the document`];
  const where = `${method.toUpperCase()} ${found.path} → ${res.status}`;
  const response = found.op.responses[String(res.status)];
  if (!response) return [`${where}: the status is not documented`];
  const contentType = String(res.headers['content-type'] ?? '');
  const content = response.content ?? {};
  if (res.status === 204 || res.status === 304) return Object.keys(content).length && res.status === 204 ? [`${where}: documented with content`] : [];
  const entry = Object.entries(content).find(([type]) => contentType.startsWith(type));
  if (!entry) return [`${where}: sent ${contentType}, documented ${Object.keys(content).join(', ') || 'no content'}`];
  const schema = entry[1].schema;
  if (!schema) return [`${where}: no schema`];
  const s = deref(doc, schema);
  // A download: the file itself (its content type checked above).
  if (s.type === 'string' && s.format === 'binary') return [];
  return bodyProblems(doc, schema, res.body).map((p) => `${where}: ${p}`);
}
