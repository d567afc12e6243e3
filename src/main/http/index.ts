/** The embedded HTTP endpoint: server factory, its options, and the SigV4 credential types. */
export { createHttpServer, defaultMaxJsonBodyBytes } from './server';
export type { HttpServerHandle, HttpServerOptions, RouteHandler } from './server';
export type { ApiInvoke } from './api/rest-json-handler';
export type { Credential, CredentialLookup } from './sigv4';
