import type { JsonObject } from './isRecord.ts';

export type OpenApiVersion = '3.0' | '3.1';

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

/** A schema is addressed by its JSON Pointer inside the bundled document, so ajv can follow its `$ref`s. */
export interface SchemaLocation {
  readonly pointer: string;
  readonly schema: unknown;
}

export interface ParameterSpec {
  readonly name: string;
  readonly in: ParameterLocation;
  readonly required: boolean;
  readonly style: string;
  readonly explode: boolean;
  readonly schema: SchemaLocation | undefined;
  readonly example: unknown;
  /** Marked `x-assumed: true`: that the API has this parameter, required or not, is an assumption. */
  readonly assumed: boolean;
}

export interface MediaTypeSpec {
  /** Lower-case media range as written in the spec, e.g. `application/json` or `application/*`. */
  readonly mediaType: string;
  readonly schema: SchemaLocation | undefined;
  /** Named examples (a lone `example` is named `default`). */
  readonly examples: ReadonlyMap<string, unknown>;
}

export interface HeaderSpec {
  /** As written, for the answer's header lines. */
  readonly name: string;
  /** Lower-case, as Node keys request headers. */
  readonly key: string;
  readonly required: boolean;
  readonly schema: SchemaLocation | undefined;
  readonly example: unknown;
  /** Marked `x-assumed: true`. */
  readonly assumed: boolean;
}

export interface ResponseSpec {
  /** As written: `200`, `4XX` or `default`. */
  readonly status: string;
  readonly description: string;
  readonly content: readonly MediaTypeSpec[];
  readonly headers: readonly HeaderSpec[];
  /**
   * Marked `x-assumed: true`: that the API answers with this status (and this media type and these headers) is an
   * assumption. Its body schema is judged by the schema's own marks.
   */
  readonly assumed: boolean;
}

export interface RequestBodySpec {
  readonly required: boolean;
  readonly content: readonly MediaTypeSpec[];
  /** Marked `x-assumed: true`. */
  readonly assumed: boolean;
}

/** Alternatives: one requirement object must be met in full; an empty one means anonymous access. */
export type SecurityRequirement = readonly string[];

export interface SecuritySchemeSpec {
  readonly key: string;
  readonly type: 'apiKey' | 'http' | 'oauth2' | 'openIdConnect' | 'mutualTLS';
  readonly in: 'header' | 'query' | 'cookie' | undefined;
  readonly parameterName: string | undefined;
  /** `parameterName` as the request is searched for it: lower-case for a header, as written otherwise. */
  readonly lookupName: string | undefined;
  readonly scheme: string | undefined;
  /** Marked `x-assumed: true`. */
  readonly assumed: boolean;
}

export interface OperationSpec {
  /** The spec's operationId, or `METHOD /path` when it has none. */
  readonly id: string;
  readonly method: HttpMethod;
  /** The path template as written in the spec. */
  readonly path: string;
  /** Base path of the spec's server joined with `path`: what the mock serves. */
  readonly routePath: string;
  readonly summary: string | undefined;
  readonly parameters: readonly ParameterSpec[];
  readonly requestBody: RequestBodySpec | undefined;
  readonly responses: readonly ResponseSpec[];
  readonly security: readonly SecurityRequirement[];
  /** Marked `x-assumed: true` (on the operation or its path item): that the API has it at all is an assumption. */
  readonly assumed: boolean;
}

export interface SpecIndex {
  /** Short name: the file's base name without extension (`sensay`). */
  readonly name: string;
  readonly source: string;
  readonly title: string;
  readonly version: OpenApiVersion;
  readonly document: JsonObject;
  /** `''` for a spec served at the root, else e.g. `/api`. */
  readonly basePath: string;
  readonly operations: readonly OperationSpec[];
  readonly securitySchemes: ReadonlyMap<string, SecuritySchemeSpec>;
}
