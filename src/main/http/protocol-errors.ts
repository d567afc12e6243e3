/**
 * Errors that the HTTP layer raises before an operation runs (authentication, routing, request
 * framing). They are not part of the service model, so the SDK surfaces them by their wire name;
 * they extend ServiceError so one writer shapes every error response the same way.
 */
import { ServiceError } from '../engine/errors';

export class ProtocolError extends ServiceError {
  constructor(
    override readonly name: string,
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
  }
}

export function missingAuthenticationToken(): ProtocolError {
  return new ProtocolError('MissingAuthenticationTokenException', 403, 'Missing Authentication Token');
}

export function incompleteSignature(message: string): ProtocolError {
  return new ProtocolError('IncompleteSignatureException', 403, message);
}

export function unrecognizedClient(): ProtocolError {
  return new ProtocolError(
    'UnrecognizedClientException',
    403,
    'The security token included in the request is invalid.',
  );
}

export function invalidSignature(message?: string): ProtocolError {
  return new ProtocolError(
    'InvalidSignatureException',
    403,
    message ??
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  );
}

export function unknownOperation(method: string, path: string): ProtocolError {
  return new ProtocolError(
    'UnknownOperationException',
    404,
    `No operation of the CodeArtifact API is served at ${method} ${path}.`,
  );
}

export function requestEntityTooLarge(limitBytes: number): ProtocolError {
  return new ProtocolError(
    'RequestEntityTooLargeException',
    413,
    `The request body is larger than the ${limitBytes} bytes this endpoint accepts for a JSON request.`,
  );
}

export function malformedHttpRequest(message: string): ProtocolError {
  return new ProtocolError('MalformedHttpRequestException', 400, message);
}
