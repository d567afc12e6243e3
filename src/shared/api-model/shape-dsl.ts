/**
 * A small language for describing the CodeArtifact API's shapes by hand: scalar constraints
 * (length, pattern, enum, range), containers (list, map, structure) and where each member of a
 * request or response lives on the wire. The HTTP adapter routes, binds and serialises with it and
 * the validator checks inputs against it, so a constraint is written exactly once.
 */

/** A pattern as the service model states it (shown in messages) and its JavaScript translation. */
export interface ShapePattern {
  readonly source: string;
  readonly regex: RegExp;
}

export interface StringShape {
  readonly kind: 'string';
  readonly name: string;
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: ShapePattern;
  readonly enum?: readonly string[];
}

export interface NumberShape {
  readonly kind: 'integer' | 'long';
  readonly name: string;
  readonly min?: number;
  readonly max?: number;
}

export interface BooleanShape {
  readonly kind: 'boolean';
  readonly name: string;
}

export interface TimestampShape {
  readonly kind: 'timestamp';
  readonly name: string;
}

export interface BlobShape {
  readonly kind: 'blob';
  readonly name: string;
  /** A streaming blob is handed over as a stream and never buffered. */
  readonly streaming: boolean;
}

export interface ListShape {
  readonly kind: 'list';
  readonly name: string;
  readonly member: Shape;
  readonly min?: number;
  readonly max?: number;
}

export interface MapShape {
  readonly kind: 'map';
  readonly name: string;
  readonly key: StringShape;
  readonly value: Shape;
}

export interface StructureShape {
  readonly kind: 'structure';
  readonly name: string;
  readonly members: Readonly<Record<string, Member>>;
}

export type Shape =
  | StringShape
  | NumberShape
  | BooleanShape
  | TimestampShape
  | BlobShape
  | ListShape
  | MapShape
  | StructureShape;

/**
 * Where a member travels: a query parameter, a header, a field of the JSON body, or the whole
 * payload (a streaming blob such as an asset's bytes).
 */
export type MemberLocation = 'querystring' | 'header' | 'body' | 'payload';

export interface Member {
  readonly shape: Shape;
  readonly location: MemberLocation;
  /** Name on the wire: the query key, the header name, or the JSON field name. */
  readonly wireName: string;
  readonly required: boolean;
}

/** How a member is written in a structure: a bare shape means an optional body member. */
export type MemberSpec = Shape | PlacedMember;

export interface PlacedMember {
  readonly shape: Shape;
  readonly location: MemberLocation;
  readonly wireName?: string;
  readonly required?: boolean;
}

function isPlaced(spec: MemberSpec): spec is PlacedMember {
  return 'shape' in spec;
}

export function pattern(source: string, regex: RegExp): ShapePattern {
  // Java's String.matches tests the whole value and the model's patterns use Unicode properties,
  // so every translation must be anchored and compiled with the `u` flag.
  if (!regex.flags.includes('u') || !regex.source.startsWith('^') || !regex.source.endsWith('$')) {
    throw new Error(`pattern ${source} must be translated to an anchored RegExp with the u flag`);
  }
  return { source, regex };
}

export function string(
  name: string,
  constraints: { min?: number; max?: number; pattern?: ShapePattern } = {},
): StringShape {
  return { kind: 'string', name, ...constraints };
}

export function enumeration(name: string, values: readonly string[]): StringShape {
  return { kind: 'string', name, enum: values };
}

export function integer(name: string, range: { min?: number; max?: number } = {}): NumberShape {
  return { kind: 'integer', name, ...range };
}

export function long(name: string, range: { min?: number; max?: number } = {}): NumberShape {
  return { kind: 'long', name, ...range };
}

export function boolean(name: string): BooleanShape {
  return { kind: 'boolean', name };
}

export function timestamp(name: string): TimestampShape {
  return { kind: 'timestamp', name };
}

export function blob(name: string, options: { streaming: boolean }): BlobShape {
  return { kind: 'blob', name, streaming: options.streaming };
}

export function list(name: string, member: Shape, length: { min?: number; max?: number } = {}): ListShape {
  return { kind: 'list', name, member, ...length };
}

export function map(name: string, key: StringShape, value: Shape): MapShape {
  return { kind: 'map', name, key, value };
}

export function structure(name: string, specs: Readonly<Record<string, MemberSpec>>): StructureShape {
  const members: Record<string, Member> = {};
  for (const [memberName, spec] of Object.entries(specs)) {
    members[memberName] = isPlaced(spec)
      ? {
          shape: spec.shape,
          location: spec.location,
          wireName: spec.wireName ?? memberName,
          required: spec.required ?? false,
        }
      : { shape: spec, location: 'body', wireName: memberName, required: false };
  }
  return { kind: 'structure', name, members };
}

/** A member bound to the query string under `wireName`. */
export function inQuery(wireName: string, shape: Shape): PlacedMember {
  return { shape, location: 'querystring', wireName };
}

/** A member bound to the HTTP header `wireName`. */
export function inHeader(wireName: string, shape: Shape): PlacedMember {
  return { shape, location: 'header', wireName };
}

/** A member that is the whole HTTP payload. */
export function asPayload(shape: BlobShape): PlacedMember {
  return { shape, location: 'payload' };
}

/** Marks a member as required; on its own a shape stands for an optional body member. */
export function required(spec: MemberSpec): PlacedMember {
  return isPlaced(spec) ? { ...spec, required: true } : { shape: spec, location: 'body', required: true };
}
