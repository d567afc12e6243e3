/**
 * Verifies AWS Signature Version 4 `Authorization` headers against the local credentials.
 *
 * The signature is recomputed with the same signer the AWS SDK uses (`@smithy/signature-v4`) over
 * a request rebuilt from what actually arrived: method, path as sent, decoded query, only the
 * headers the client listed as signed, and the payload hash (the `x-amz-content-sha256` header when
 * present, else the SHA-256 of the body). Checking happens in two steps so that a request with an
 * unknown key or a stale date is refused before its body is read.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type * as HashNode from '@smithy/hash-node';
import type * as ProtocolHttp from '@smithy/protocol-http';
import type * as SignatureV4Module from '@smithy/signature-v4';
import { deferredModule } from '../deferred-require';
import {
  incompleteSignature,
  invalidSignature,
  missingAuthenticationToken,
  unrecognizedClient,
} from './protocol-errors';

export interface Credential {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export type CredentialLookup = (
  accessKeyId: string,
) => Credential | undefined | Promise<Credential | undefined>;

/** The request as it arrived, in the pieces a canonical request is built from. */
export interface ArrivedRequest {
  readonly method: string;
  /** Path exactly as sent (still percent-encoded), without the query string. */
  readonly rawPath: string;
  /** Query parameters, percent-decoded; repeated keys collect into arrays. */
  readonly query: Readonly<Record<string, string | readonly string[]>>;
  /** Header values by lower-case name, every occurrence kept (node's `headersDistinct`). */
  readonly headers: Readonly<Record<string, readonly string[] | undefined>>;
}

export interface SigV4VerifierOptions {
  readonly credentials: readonly Credential[] | CredentialLookup;
  /** The only region a credential scope may name. */
  readonly region: string;
  /** The only service a credential scope may name. */
  readonly service: string;
  readonly now?: () => Date;
  /** Allowed distance between X-Amz-Date and now; AWS allows 15 minutes. */
  readonly maxSkewMs?: number;
}

export interface ParsedAuthorization {
  readonly accessKeyId: string;
  readonly scopeDate: string;
  readonly region: string;
  readonly service: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

/** A request whose identity and date checked out; `verify` finishes with the payload. */
export interface PendingVerification {
  readonly accessKeyId: string;
  /** The client's declared payload hash (`x-amz-content-sha256`), if it sent one. */
  readonly declaredPayloadHash: string | undefined;
  /** Throws InvalidSignatureException unless the signature matches; `body` is the buffered payload. */
  verify(body: Uint8Array | undefined): Promise<void>;
}

const algorithm = 'AWS4-HMAC-SHA256';
const amzDatePattern = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const fifteenMinutes = 15 * 60 * 1000;
const contentSha256Header = 'x-amz-content-sha256';
const unsignedPayload = 'UNSIGNED-PAYLOAD';

const hashNode = deferredModule<typeof HashNode>('@smithy/hash-node');
const protocolHttp = deferredModule<typeof ProtocolHttp>('@smithy/protocol-http');
const signatureV4 = deferredModule<typeof SignatureV4Module>('@smithy/signature-v4');

type Sha256Constructor = new (secret?: ConstructorParameters<typeof HashNode.Hash>[1]) => HashNode.Hash;
let sha256Class: Sha256Constructor | undefined;

/** The SHA-256 constructor shape SignatureV4 expects, backed by node's crypto. */
function sha256Constructor(): Sha256Constructor {
  sha256Class ??= class Sha256 extends hashNode().Hash {
    constructor(secret?: ConstructorParameters<typeof HashNode.Hash>[1]) {
      super('sha256', secret);
    }
  };
  return sha256Class;
}

export function parseAuthorization(header: string): ParsedAuthorization {
  const space = header.indexOf(' ');
  const scheme = space === -1 ? header : header.slice(0, space);
  if (scheme !== algorithm) {
    throw incompleteSignature(`Unsupported Authorization scheme '${scheme}': only ${algorithm} is accepted.`);
  }
  const parameters = new Map<string, string>();
  for (const part of header.slice(space + 1).split(',')) {
    const trimmed = part.trim();
    const equals = trimmed.indexOf('=');
    if (equals > 0) parameters.set(trimmed.slice(0, equals), trimmed.slice(equals + 1));
  }
  const missing = ['Credential', 'SignedHeaders', 'Signature'].filter((name) => !parameters.get(name));
  if (missing.length > 0) {
    throw incompleteSignature(
      `${missing.map((name) => `Authorization header requires '${name}' parameter.`).join(' ')} Authorization=${header}`,
    );
  }
  const credential = parameters.get('Credential') as string;
  const scope = credential.split('/');
  const [accessKeyId, scopeDate, region, service, terminator] = scope;
  if (
    scope.length !== 5 ||
    !accessKeyId ||
    !scopeDate ||
    !region ||
    !service ||
    terminator !== 'aws4_request'
  ) {
    throw incompleteSignature(
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/aws4_request, got '${credential}'.`,
    );
  }
  const signedHeaders = (parameters.get('SignedHeaders') as string)
    .split(';')
    .map((name) => name.trim().toLowerCase());
  return {
    accessKeyId,
    scopeDate,
    region,
    service,
    signedHeaders,
    signature: parameters.get('Signature') as string,
  };
}

function parseAmzDate(value: string): Date | undefined {
  const match = amzDatePattern.exec(value);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  const date = new Date(Date.UTC(year as number, (month as number) - 1, day, hour, minute, second));
  // Reject dates such as 20240230 that Date.UTC would silently roll over.
  return formatAmzDate(date) === value ? date : undefined;
}

function formatAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

function firstHeader(request: ArrivedRequest, name: string): string | undefined {
  return request.headers[name]?.[0];
}

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function equalInConstantTime(expected: string, provided: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(provided, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export class SigV4Verifier {
  private readonly lookup: CredentialLookup;
  private readonly now: () => Date;
  private readonly maxSkewMs: number;

  constructor(private readonly options: SigV4VerifierOptions) {
    const { credentials } = options;
    if (typeof credentials === 'function') {
      this.lookup = credentials;
    } else {
      const byKey = new Map(credentials.map((credential) => [credential.accessKeyId, credential]));
      this.lookup = (accessKeyId) => byKey.get(accessKeyId);
    }
    this.now = options.now ?? (() => new Date());
    this.maxSkewMs = options.maxSkewMs ?? fifteenMinutes;
  }

  /**
   * Everything that can be checked without the body: the header's form, the date and its
   * freshness, the credential scope, and that the access key exists.
   */
  async begin(request: ArrivedRequest): Promise<PendingVerification> {
    const header = firstHeader(request, 'authorization');
    if (header === undefined || header.trim() === '') throw missingAuthenticationToken();
    const auth = parseAuthorization(header.trim());

    const amzDate = firstHeader(request, 'x-amz-date');
    if (amzDate === undefined) {
      throw incompleteSignature(
        `Authorization header requires existence of a 'X-Amz-Date' header. Authorization=${header}`,
      );
    }
    const signingDate = parseAmzDate(amzDate);
    if (!signingDate) {
      throw incompleteSignature(
        `X-Amz-Date must be in ISO-8601 basic format (YYYYMMDD'T'HHMMSS'Z'), got '${amzDate}'.`,
      );
    }
    if (!auth.signedHeaders.includes('host')) {
      throw incompleteSignature(`'Host' must be a 'SignedHeader' in the AWS Authorization.`);
    }
    if (!auth.signedHeaders.includes('x-amz-date')) {
      throw incompleteSignature(`'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.`);
    }
    if (auth.scopeDate !== amzDate.slice(0, 8)) {
      throw invalidSignature(
        `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
      );
    }
    if (auth.region !== this.options.region) {
      throw invalidSignature(
        `Credential should be scoped to a valid region, not '${auth.region}'. This endpoint serves region '${this.options.region}'.`,
      );
    }
    if (auth.service !== this.options.service) {
      throw invalidSignature(`Credential should be scoped to correct service: '${this.options.service}'.`);
    }
    this.checkFreshness(signingDate, amzDate);

    const credential = await this.lookup(auth.accessKeyId);
    if (!credential) throw unrecognizedClient();

    const declaredPayloadHash = firstHeader(request, contentSha256Header);
    return {
      accessKeyId: auth.accessKeyId,
      declaredPayloadHash,
      verify: (body) => this.verify(request, auth, credential, signingDate, declaredPayloadHash, body),
    };
  }

  private checkFreshness(signingDate: Date, amzDate: string): void {
    const now = this.now();
    const nowText = formatAmzDate(now);
    const skewMinutes = Math.round(this.maxSkewMs / 60_000);
    if (signingDate.getTime() < now.getTime() - this.maxSkewMs) {
      const earliest = formatAmzDate(new Date(now.getTime() - this.maxSkewMs));
      throw invalidSignature(
        `Signature expired: ${amzDate} is now earlier than ${earliest} (${nowText} - ${skewMinutes} min.)`,
      );
    }
    if (signingDate.getTime() > now.getTime() + this.maxSkewMs) {
      const latest = formatAmzDate(new Date(now.getTime() + this.maxSkewMs));
      throw invalidSignature(
        `Signature not yet current: ${amzDate} is still later than ${latest} (${nowText} + ${skewMinutes} min.)`,
      );
    }
  }

  private async verify(
    request: ArrivedRequest,
    auth: ParsedAuthorization,
    credential: Credential,
    signingDate: Date,
    declaredPayloadHash: string | undefined,
    body: Uint8Array | undefined,
  ): Promise<void> {
    // A declared hash on a buffered body must describe that body, or the signature would vouch for
    // bytes other than the ones received.
    if (declaredPayloadHash !== undefined && declaredPayloadHash !== unsignedPayload && body !== undefined) {
      if (!equalInConstantTime(declaredPayloadHash, sha256Hex(body))) {
        throw invalidSignature(
          'The x-amz-content-sha256 header does not match the SHA-256 of the request body.',
        );
      }
    }

    const signed = new Set(auth.signedHeaders);
    const headers: Record<string, string> = {};
    for (const name of signed) {
      const values = request.headers[name];
      if (values !== undefined) headers[name] = values.join(',');
    }
    // The signer takes the payload hash from this header when present; keep it out of the
    // canonical headers unless the client signed it.
    if (declaredPayloadHash !== undefined) headers[contentSha256Header] = declaredPayloadHash;

    const query: Record<string, string | string[]> = {};
    for (const [key, value] of Object.entries(request.query))
      query[key] = typeof value === 'string' ? value : [...value];

    const toSign = new (protocolHttp().HttpRequest)({
      method: request.method,
      protocol: 'http:',
      hostname: headers.host ?? '',
      path: request.rawPath,
      query,
      headers,
      body: declaredPayloadHash === undefined ? body : undefined,
    });
    const signer = new (signatureV4().SignatureV4)({
      service: auth.service,
      region: auth.region,
      credentials: { accessKeyId: credential.accessKeyId, secretAccessKey: credential.secretAccessKey },
      sha256: sha256Constructor(),
      applyChecksum: false,
      uriEscapePath: true,
    });
    const result = await signer.sign(toSign, {
      signingDate,
      signingRegion: auth.region,
      signingService: auth.service,
      signableHeaders: signed,
      unsignableHeaders: signed.has(contentSha256Header) ? undefined : new Set([contentSha256Header]),
    });
    const authorization = String(result.headers.authorization ?? '');
    const expected = /Signature=([0-9a-f]+)$/.exec(authorization)?.[1] ?? '';
    if (expected === '' || !equalInConstantTime(expected, auth.signature)) throw invalidSignature();
  }
}
