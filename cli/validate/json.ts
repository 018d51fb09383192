/** Plain JSON values as the validators walk them, and JSON pointer segments for problem paths. */

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Escapes one JSON pointer segment (RFC 6901): `~` as `~0`, `/` as `~1`. */
export const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');
